/* Host test, built with AddressSanitizer and UBSan: damaged copies of valid
 * modules and of a kernel never make ghost read or write outside what it
 * was given. A read past a file, a write past an image or its guard bytes,
 * or undefined behaviour aborts the run; otherwise each link either works
 * or returns an error with a message.
 *
 * Deterministic: a fixed seed; GHOST_FUZZ_ITERATIONS (default 4000) damaged
 * copies of each seed file. Each copy lives in a buffer of exactly its size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ghostboot/isolation.h>

#include "ghost/elf_file.h"
#include "tests/check.h"
#include "tests/ghost/support.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64* */
static uint64_t next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t random_below(uint64_t n)
{
	return n ? next_random() % n : 0;
}

static const uint64_t interesting[] = {
	0,
	1,
	2,
	7,
	8,
	24,
	64,
	0x7f,
	0x80,
	0xff,
	0xfff1,
	0xfff2,
	0xffff,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ull,
	0x7fffffffffffffffull,
	~0ull,
	~0ull - 7,
};

/* Where damage does the most: the ELF header, the section header table, a
 * symbol table or relocation section, a module's own sections, a kernel's
 * program header table; else anywhere. */
static uint64_t random_offset(const struct file *f)
{
	const Elf64_Ehdr *h = elf_header(f);
	uint64_t table = (uint64_t)h->e_shnum * sizeof(Elf64_Shdr);
	uint64_t program_headers = (uint64_t)h->e_phnum * sizeof(Elf64_Phdr);
	switch (random_below(5)) {
	case 0:
		return random_below(sizeof *h);
	case 1:
		if (h->e_shoff < f->size && table <= f->size - h->e_shoff)
			return h->e_shoff + random_below(table);
		break;
	case 2: {
		unsigned i = 1 + (unsigned)random_below(h->e_shnum - 1u);
		const Elf64_Shdr *s = elf_section(f, i);
		if (s->sh_type != SHT_NOBITS && s->sh_size && s->sh_offset < f->size &&
		    s->sh_size <= f->size - s->sh_offset)
			return s->sh_offset + random_below(s->sh_size);
		break;
	}
	case 3:
		if (program_headers && h->e_phoff < f->size &&
		    program_headers <= f->size - h->e_phoff)
			return h->e_phoff + random_below(program_headers);
		break;
	default:
		break;
	}
	return random_below(f->size);
}

/* A copy of `original` with a few random pieces of damage. */
static struct file damaged_copy(const struct file *original)
{
	struct file f = copy_file(original);
	unsigned damages = 1 + (unsigned)random_below(4);
	for (unsigned d = 0; d < damages; d++) {
		uint64_t at = random_offset(original);
		switch (random_below(4)) {
		case 0:
			f.bytes[at] ^= (uint8_t)(1u << random_below(8));
			break;
		case 1:
			f.bytes[at] = (uint8_t)next_random();
			break;
		case 2: {
			uint64_t value = interesting[random_below(sizeof interesting /
								  sizeof interesting[0])];
			unsigned width = random_below(2) ? 8 : 4;
			at &= ~(uint64_t)(width - 1);
			if (at + width <= f.size)
				memcpy(f.bytes + at, &value, width);
			break;
		}
		default:
			if (random_below(8) == 0) {
				struct file cut = { malloc(at ? at : 1), at };
				memcpy(cut.bytes, f.bytes, at);
				free(f.bytes);
				f = cut;
				return f;
			}
			break;
		}
	}
	return f;
}

struct tally {
	unsigned linked;
	unsigned refused;
	unsigned bad_reports;
	unsigned described;
	unsigned isolated;
};

/* Reads every byte of each name ghost_describe_module reports. */
static void touch_symbol(void *context, const struct ghost_module_symbol *symbol)
{
	*(size_t *)context += strlen(symbol->name);
}

/* ghost_describe_module (`ghostboot inspect`) on the same copy, with a
 * workspace of exactly the documented size. Returns whether it was read. */
static bool describe_copy(const struct ghost_module_file *module, bool *bad_report)
{
	size_t workspace_size = (size_t)ghost_workspace_bound(module->size, 1, 0);
	void *workspace = malloc(workspace_size ? workspace_size : 1);
	size_t name_bytes = 0;
	struct ghost_describe_request request = {
		.module = *module,
		.workspace = workspace,
		.workspace_size = workspace_size,
		.on_import = touch_symbol,
		.on_export = touch_symbol,
		.context = &name_bytes,
	};
	struct ghost_error error;
	const char *name = NULL;
	bool ok = ghost_describe_module(&request, &name, &error);
	*bad_report = ok ? name == NULL || strlen(name) >= 32
			 : error.status == GHOST_OK || error.text[0] == '\0';
	free(workspace);
	return ok;
}

/* Every fake export a function offered to isolated modules and programs,
 * and the kernel's isolation entry, so that damaged copies link isolated as
 * far as their damage allows. */
static void offer_to_isolated(struct ghost_export *exports, uint32_t *count)
{
	exports[(*count)++] = (struct ghost_export){ .name = GB_ISOLATION_ENTRY_SYMBOL,
						     .address = FAKE_KERNEL_BASE + 0x10000 };
	for (uint32_t i = 0; i < *count; i++) {
		exports[i].function = true;
		exports[i].gate = GB_GATE_ARGS(GB_ARG_INT, 0, 0, 0, 0, 0) | GB_GATE_PROGRAMS;
	}
}

/* Links the copy as `mode`; returns whether it linked. */
static bool link_copy(const struct file *f, enum ghost_link_mode mode,
		      const struct ghost_export *exports, uint32_t export_count,
		      struct tally *tally)
{
	struct ghost_module_file module = {
		.bytes = f->bytes, .size = f->size, .name = "fuzzed", .mode = mode
	};
	struct link_result result;
	link_modules(&module, 1, exports, export_count, 0xffffffff80400000ull, &result);
	if (!guards_intact(&result.placement) ||
	    (!result.ok && (result.error.status == GHOST_OK ||
			    strncmp(result.error.text, "fuzzed: ", 8) != 0)) ||
	    (result.ok && result.error.status != GHOST_OK))
		tally->bad_reports++;
	release_link(&result);
	return result.ok;
}

static void fuzz_module(const char *relative, unsigned iterations)
{
	struct file original = read_file(build_path(relative));
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t export_count = 0;
	struct tally tally = { 0 };
	add_fake_exports(&original, NULL, exports, &export_count);
	offer_to_isolated(exports, &export_count);
	for (unsigned n = 0; n < iterations; n++) {
		struct file f = damaged_copy(&original);
		struct ghost_module_file module = {
			.bytes = f.bytes, .size = f.size, .name = "fuzzed"
		};
		if (link_copy(&f, GHOST_LINK_DIRECT, exports, export_count, &tally))
			tally.linked++;
		else
			tally.refused++;
		tally.isolated += link_copy(&f, n & 1 ? GHOST_LINK_PROGRAM : GHOST_LINK_ISOLATED,
					    exports, export_count, &tally);
		bool bad_description;
		tally.described += describe_copy(&module, &bad_description);
		tally.bad_reports += bad_description;
		free(f.bytes);
	}
	CHECK(tally.bad_reports == 0 && tally.refused > 0 && tally.isolated > 0,
	      "fuzz %s: %u damaged copies, %u linked, %u refused, %u linked isolated or as a "
	      "program, %u described, %u with a wrong report or guard",
	      relative, iterations, tally.linked, tally.refused, tally.isolated, tally.described,
	      tally.bad_reports);
	free(original.bytes);
}

/* The three corpus modules that import from each other, one of them
 * damaged each time: exports, imports and the init order see bad input. */
static void fuzz_set(unsigned iterations)
{
	static const char *const names[] = { "uses", "tables", "relocs" };
	static const char *const module_exports[] = { "relocs_sum", "relocs_counter_address",
						      "tables_dispatch", "tables_constant", NULL };
	struct file originals[3];
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t export_count = 0;
	unsigned linked = 0, bad_reports = 0;
	char path[256];
	for (unsigned i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "tests/ghost/corpus/gcc-O2/tests/ghost/corpus/%s.o",
			 names[i]);
		originals[i] = read_file(build_path(path));
		add_fake_exports(&originals[i], module_exports, exports, &export_count);
	}
	offer_to_isolated(exports, &export_count);
	for (unsigned n = 0; n < iterations; n++) {
		unsigned victim = (unsigned)random_below(3);
		struct file damaged = damaged_copy(&originals[victim]);
		struct ghost_module_file modules[3];
		struct link_result result;
		for (unsigned i = 0; i < 3; i++) {
			const struct file *f = i == victim ? &damaged : &originals[i];
			/* Each mix of direct and isolated modules in turn. */
			modules[i] = (struct ghost_module_file){
				.bytes = f->bytes,
				.size = f->size,
				.name = names[i],
				.mode = (n >> i) & 1 ? GHOST_LINK_ISOLATED : GHOST_LINK_DIRECT,
			};
		}
		link_modules(modules, 3, exports, export_count, 0xffffffff80400000ull, &result);
		linked += result.ok;
		if (!guards_intact(&result.placement) ||
		    (!result.ok && result.error.text[0] == '\0'))
			bad_reports++;
		release_link(&result);
		free(damaged.bytes);
	}
	CHECK(bad_reports == 0,
	      "fuzz uses, tables and relocs linked together, direct and isolated: %u sets, %u "
	      "linked",
	      iterations, linked);
	for (unsigned i = 0; i < 3; i++)
		free(originals[i].bytes);
}

/* The headers of a copy checked as stage 2 checks them, before the rest of
 * the file: the ELF header from a buffer of just its size, then each
 * program header from one of just its size, so that ASan sees any read
 * beyond them. *wrong is set for an answer a loader could not trust: a
 * refusal without a message, or a loadable segment passed whose bytes are
 * not all in the file. */
static bool headers_check_out(const struct file *f, bool *wrong)
{
	struct ghost_elf_file elf;
	struct ghost_error error;
	size_t head_size = f->size < sizeof(Elf64_Ehdr) ? f->size : sizeof(Elf64_Ehdr);
	uint8_t *head = malloc(head_size ? head_size : 1);
	memcpy(head, f->bytes, head_size);
	bool ok = ghost_elf_check_header(&elf, head, head_size, f->size, "kernel",
					 GHOST_NO_MODULE, ET_EXEC, &error);
	free(head);
	*wrong = false;
	for (uint32_t i = 0; ok && i < elf.header.e_phnum; i++) {
		Elf64_Phdr *p = malloc(sizeof *p);
		memcpy(p, f->bytes + elf.header.e_phoff + i * sizeof *p, sizeof *p);
		ok = ghost_elf_check_segment(&elf, p, i, &error);
		if (ok && p->p_type == PT_LOAD)
			*wrong |= p->p_offset > f->size || p->p_filesz > f->size - p->p_offset;
		free(p);
	}
	if (!ok)
		*wrong = error.status == GHOST_OK || strncmp(error.text, "kernel: ", 8) != 0;
	return ok;
}

/* Every byte of every loadable segment's file image: within the copy, for
 * ASan to check. */
static unsigned touch_segments(const struct ghost_elf_file *elf)
{
	unsigned sum = 0;
	for (uint32_t i = 0; i < elf->header.e_phnum; i++) {
		Elf64_Phdr p = ghost_elf_segment(elf, i);
		for (uint64_t at = 0; p.p_type == PT_LOAD && at < p.p_filesz; at++)
			sum += elf->bytes[p.p_offset + at];
	}
	return sum;
}

static void fuzz_kernel(unsigned iterations)
{
	struct file original = read_file(build_path("tests/ghost/kernel.elf"));
	unsigned opened = 0, read = 0, refused = 0, disagreed = 0;
	volatile unsigned sum = 0;
	for (unsigned n = 0; n < iterations; n++) {
		struct file f = damaged_copy(&original);
		struct ghost_elf_file elf;
		struct ghost_export exports[MAX_EXPORTS];
		struct ghost_error error;
		uint32_t count;
		bool wrong;
		bool headers = headers_check_out(&f, &wrong);
		bool open = ghost_elf_open(&elf, f.bytes, f.size, "kernel", GHOST_NO_MODULE,
					   ET_EXEC, &error);
		/* Opening checks the sections after the headers: it may refuse
		 * what the headers alone pass, never the other way round. */
		disagreed += wrong || (open && !headers);
		if (!open) {
			refused++;
			free(f.bytes);
			continue;
		}
		opened++;
		sum += touch_segments(&elf);
		if (ghost_read_kernel_exports(&elf, exports, MAX_EXPORTS, &count, &error)) {
			read++;
			for (uint32_t e = 0; e < count; e++)
				(void)strlen(exports[e].name); /* within the file: ASan checks */
		}
		free(f.bytes);
	}
	CHECK(refused > 0 && opened > 0 && disagreed == 0,
	      "fuzz the kernel's headers, segments and export table: %u damaged copies, %u "
	      "opened, %u with their exports read, %u refused, %u wrong when the headers were "
	      "read first",
	      iterations, opened, read, refused, disagreed);
	free(original.bytes);
}

int main(void)
{
	static const char *const seeds[] = {
		"tests/ghost/fixtures/basic.o",
		"tests/ghost/fixtures/weak.o",
		"tests/ghost/fixtures/user_v5.o",
		"tests/ghost/corpus/gcc-O2/tests/ghost/corpus/relocs.o",
		"tests/ghost/corpus/clang-O2/tests/ghost/corpus/tables.o",
		"tests/ghost/corpus/clang-O0/tests/ghost/corpus/uses.o",
		"tests/ghost/corpus/gcc-O2/kernel/modules/hello.o",
		"tests/ghost/isolation/gcc/iso_hello.o",
		"tests/ghost/isolation/clang/iso_program.o",
	};
	const char *env = getenv("GHOST_FUZZ_ITERATIONS");
	unsigned iterations = env && *env ? (unsigned)strtoul(env, NULL, 10) : 4000;
	for (unsigned i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		fuzz_module(seeds[i], iterations);
	fuzz_set(iterations);
	fuzz_kernel(iterations);
	CHECK_EXIT();
}
