/* Host test: what ghost makes of a module equals what GNU ld makes of it.
 *
 * For every object in $BUILD/tests/ghost/corpus.list (the sample modules and
 * the sources in tests/ghost/corpus/, each built by gcc and clang at -O0 and -O2), at two
 * load addresses: ghost links it against a fake kernel export table; GNU ld
 * links the same object with a linker script that puts each section where
 * ghost put it and with the same exports as --defsym; then every allocated
 * section of ld's output must have ghost's address, size and bytes, and ld
 * must have made no other. Then the three corpus modules that import from
 * each other are linked together, and ld links each in init order against
 * the exports it found in ld's own output for the modules before.
 *
 * ld would merge duplicate strings in SHF_MERGE sections; ghost loads them
 * as they are, so ld gets a copy of the object with those flags cleared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ghost/layout.h"
#include "ghost/object.h"
#include "tests/check.h"
#include "tests/ghost/support.h"

#define MAX_SECTIONS 64

/* The two load addresses: near the kernel, and 1 GiB below the top, so that
 * PC-relative values to the kernel run both ways and near their limits. */
static const uint64_t bases[] = { 0xffffffff80400000ull, 0xffffffffc0000000ull };

static char scratch[64];
static unsigned relocation_counts[R_X86_64_PC64 + 1];

struct section_place {
	const char *name;
	uint64_t address;
	uint64_t size;
	uint32_t type;
};

/* ghost's own layout of the object (the one ghost_link_modules uses). */
static unsigned ghost_sections(const struct ghost_module_file *module, uint64_t base,
			       struct section_place *places)
{
	struct ghost_object object;
	struct ghost_layout layout;
	struct ghost_error error;
	uint64_t offsets[0x400];
	unsigned n = 0;
	if (!ghost_object_read(&object, module->bytes, module->size, module->name, 0, &error) ||
	    object.file.header.e_shnum > 0x400 ||
	    !ghost_layout_sections(&object, GHOST_LINK_DIRECT, offsets, &layout, &error))
		return 0;
	for (unsigned i = 1; i < object.file.header.e_shnum && n < MAX_SECTIONS; i++) {
		if (offsets[i] == GHOST_NOT_LOADED)
			continue;
		Elf64_Shdr s = ghost_elf_section(&object.file, i);
		places[n++] = (struct section_place){ ghost_elf_section_name(&object.file, &s),
						      base + offsets[i], s.sh_size, s.sh_type };
	}
	return n;
}

static void write_script(const char *path, const struct section_place *places, unsigned n)
{
	FILE *out = fopen(path, "w");
	fprintf(out, "SECTIONS\n{\n");
	for (unsigned i = 0; i < n; i++)
		fprintf(out, "\t%s 0x%llx : { *(%s) }\n", places[i].name,
			(unsigned long long)places[i].address, places[i].name);
	fprintf(out, "}\n");
	fclose(out);
}

/* The object as ld gets it: SHF_MERGE and SHF_STRINGS cleared. */
static void write_unmerged(const char *path, const struct file *object)
{
	struct file copy = copy_file(object);
	for (unsigned i = 1; i < elf_header(&copy)->e_shnum; i++)
		elf_section(&copy, i)->sh_flags &= ~(uint64_t)(SHF_MERGE | SHF_STRINGS);
	write_file(path, copy.bytes, copy.size);
	free(copy.bytes);
}

static bool run_ld(const char *object, const char *script, const char *output,
		   const struct ghost_export *symbols, uint32_t count)
{
	const char *ld = getenv("LD") && *getenv("LD") ? getenv("LD") : "ld";
	size_t size = 4096 + count * 600;
	char *command = malloc(size);
	int n = snprintf(command, size,
			 "%s -m elf_x86_64 -nostdlib -static --no-relax --build-id=none "
			 "--no-warn-rwx-segments -z noexecstack -z norelro --entry=0 "
			 "-T %s -o %s %s",
			 ld, script, output, object);
	for (uint32_t i = 0; i < count; i++)
		n += snprintf(command + n, size - (size_t)n, " --defsym=%s=0x%llx", symbols[i].name,
			      (unsigned long long)symbols[i].address);
	snprintf(command + n, size - (size_t)n, " >%s/ld.log 2>&1", scratch);
	int status = system(command);
	free(command);
	if (status != 0) {
		char log[256];
		snprintf(log, sizeof log, "sed 's/^/# /' %s/ld.log", scratch);
		if (system(log) != 0)
			printf("# (no ld log)\n");
	}
	return status == 0;
}

/* Every section ghost placed is in ld's output at the same address with the
 * same size and bytes; ld placed nothing else. */
static bool same_sections(const struct file *ld_output, const struct section_place *places,
			  unsigned n, const struct ghost_linked_module *linked, char *why,
			  size_t why_size)
{
	for (unsigned i = 0; i < n; i++) {
		const struct section_place *p = &places[i];
		const Elf64_Shdr *s = elf_section_named(ld_output, p->name);
		const uint8_t *mine = linked->image + (p->address - linked->virt_addr);
		if (p->size == 0)
			continue; /* ld drops empty sections */
		if (!s || s->sh_addr != p->address || s->sh_size != p->size) {
			snprintf(why, why_size,
				 "%s: ld has it at 0x%llx, %llu bytes; ghost at 0x%llx, %llu",
				 p->name, s ? (unsigned long long)s->sh_addr : 0ull,
				 s ? (unsigned long long)s->sh_size : 0ull,
				 (unsigned long long)p->address, (unsigned long long)p->size);
			return false;
		}
		for (uint64_t b = 0; b < p->size; b++) {
			uint8_t theirs =
				s->sh_type == SHT_NOBITS ? 0 : ld_output->bytes[s->sh_offset + b];
			if (mine[b] != theirs) {
				snprintf(why, why_size, "%s+0x%llx: ghost 0x%02x, ld 0x%02x",
					 p->name, (unsigned long long)b, mine[b], theirs);
				return false;
			}
		}
	}
	for (unsigned i = 1; i < elf_header(ld_output)->e_shnum; i++) {
		const Elf64_Shdr *s = elf_section(ld_output, i);
		const char *name = elf_section_name(ld_output, s);
		bool known = false;
		for (unsigned k = 0; k < n; k++)
			known |= strcmp(places[k].name, name) == 0;
		if ((s->sh_flags & SHF_ALLOC) && s->sh_size != 0 && !known) {
			snprintf(why, why_size, "ld made a section ghost did not: %s", name);
			return false;
		}
	}
	return true;
}

static bool within(const struct ghost_linked_module *m, const struct ghost_region *region,
		   const struct section_place *p)
{
	uint64_t start = m->virt_addr + region->offset;
	return p->address >= start && p->address + p->size <= start + region->size;
}

/* ld puts sections where it is told, so ghost's choice of addresses is
 * checked here: each section at its alignment, in the region its flags ask
 * for (text, read-only data, writable data), none overlapping another. */
static bool sound_layout(const struct file *object, const struct section_place *places, unsigned n,
			 const struct ghost_linked_module *m, char *why, size_t why_size)
{
	for (unsigned i = 0; i < n; i++) {
		const struct section_place *p = &places[i];
		const Elf64_Shdr *s = elf_section_named(object, p->name);
		const struct ghost_region *region = s->sh_flags & SHF_EXECINSTR ? &m->text
						    : s->sh_flags & SHF_WRITE	? &m->data
										: &m->rodata;
		bool overlaps = false;
		for (unsigned k = 0; k < n; k++)
			overlaps |= k != i && places[k].size && p->size &&
				    places[k].address < p->address + p->size &&
				    p->address < places[k].address + places[k].size;
		if ((s->sh_addralign > 1 && p->address % s->sh_addralign != 0) ||
		    !within(m, region, p) || overlaps) {
			snprintf(why, why_size,
				 "%s at 0x%llx: misaligned, outside its region or overlapping",
				 p->name, (unsigned long long)p->address);
			return false;
		}
	}
	return m->virt_addr % GHOST_PAGE_SIZE == 0 && m->rodata.offset % GHOST_PAGE_SIZE == 0 &&
	       m->data.offset % GHOST_PAGE_SIZE == 0 && m->size % GHOST_PAGE_SIZE == 0 &&
	       m->data.offset + m->data.size <= m->size;
}

static uint64_t read_u64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* ghost's init, exit and export table address agree with ld's output. */
static bool same_entry_points(const struct file *ld_output, const struct ghost_linked_module *m,
			      char *why, size_t why_size)
{
	const Elf64_Shdr *info = elf_section_named(ld_output, ".gbmodinfo");
	const Elf64_Shdr *exports = elf_section_named(ld_output, ".gbexports");
	uint64_t init = read_u64(ld_output->bytes + info->sh_offset + 40);
	uint64_t exit = read_u64(ld_output->bytes + info->sh_offset + 48);
	uint64_t table = exports ? exports->sh_addr : 0;
	uint32_t count = exports ? (uint32_t)(exports->sh_size / 24) : 0;
	if (m->init == init && m->exit == exit && m->exports == table && m->export_count == count)
		return true;
	snprintf(why, why_size,
		 "init/exit/exports: ghost 0x%llx/0x%llx/0x%llx/%u, ld 0x%llx/0x%llx/0x%llx/%u",
		 (unsigned long long)m->init, (unsigned long long)m->exit,
		 (unsigned long long)m->exports, m->export_count, (unsigned long long)init,
		 (unsigned long long)exit, (unsigned long long)table, count);
	return false;
}

static void count_relocations(const struct file *object)
{
	for (unsigned i = 1; i < elf_header(object)->e_shnum; i++) {
		const Elf64_Shdr *s = elf_section(object, i);
		if (s->sh_type != SHT_RELA ||
		    !(elf_section(object, s->sh_info)->sh_flags & SHF_ALLOC))
			continue;
		const Elf64_Rela *r = (const Elf64_Rela *)(object->bytes + s->sh_offset);
		for (unsigned k = 0; k < s->sh_size / sizeof *r; k++)
			if (ELF64_R_TYPE(r[k].r_info) <= R_X86_64_PC64)
				relocation_counts[ELF64_R_TYPE(r[k].r_info)]++;
	}
}

/* Links module `index` of an already ghost-linked set with ld, at the
 * address ghost placed it, with `symbols` defined, and compares. */
static bool ld_matches(const struct file *object, const struct ghost_module_file *module,
		       const struct ghost_linked_module *linked, const struct ghost_export *symbols,
		       uint32_t symbol_count, struct file *ld_output, char *why, size_t why_size)
{
	struct section_place places[MAX_SECTIONS];
	char object_path[128], script_path[128], output_path[128];
	unsigned n = ghost_sections(module, linked->virt_addr, places);
	snprintf(object_path, sizeof object_path, "%s/object.o", scratch);
	snprintf(script_path, sizeof script_path, "%s/script.ld", scratch);
	snprintf(output_path, sizeof output_path, "%s/linked.elf", scratch);
	write_unmerged(object_path, object);
	write_script(script_path, places, n);
	if (!run_ld(object_path, script_path, output_path, symbols, symbol_count)) {
		snprintf(why, why_size, "GNU ld failed");
		return false;
	}
	*ld_output = read_file(output_path);
	return sound_layout(object, places, n, linked, why, why_size) &&
	       same_sections(ld_output, places, n, linked, why, why_size) &&
	       same_entry_points(ld_output, linked, why, why_size);
}

static void check_object(const char *path, uint64_t base)
{
	struct file object = read_file(path);
	struct ghost_module_file module = module_file(&object, path);
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t export_count = 0;
	struct link_result result;
	struct file ld_output = { 0 };
	char why[256] = "";
	const char *label = strstr(path, "corpus/") ? strstr(path, "corpus/") + 7 : path;

	add_fake_exports(&object, NULL, exports, &export_count);
	link_modules(&module, 1, exports, export_count, base, &result);
	bool same = result.ok && ld_matches(&object, &module, &result.linked[0], exports,
					    export_count, &ld_output, why, sizeof why);
	CHECK(same, "%s at 0x%llx: every section equals GNU ld's%s%s", label,
	      (unsigned long long)base, same ? "" : ": ", result.ok ? why : result.error.text);
	if (base == bases[0])
		count_relocations(&object);
	free(ld_output.bytes);
	release_link(&result);
	free((void *)module.name);
	free(object.bytes);
}

/* The exports in ld's output: its relocated .gbexports, names read through
 * the section that holds each name's address. */
static void ld_exports(const struct file *output, struct ghost_export *exports, uint32_t *count)
{
	const Elf64_Shdr *table = elf_section_named(output, ".gbexports");
	for (uint64_t at = 0; table && at + 24 <= table->sh_size; at += 24) {
		const uint8_t *entry = output->bytes + table->sh_offset + at;
		uint64_t name = read_u64(entry);
		for (unsigned i = 1; i < elf_header(output)->e_shnum; i++) {
			const Elf64_Shdr *s = elf_section(output, i);
			if (s->sh_type == SHT_PROGBITS && name >= s->sh_addr &&
			    name < s->sh_addr + s->sh_size)
				exports[*count].name = strdup((const char *)output->bytes +
							      s->sh_offset + (name - s->sh_addr));
		}
		exports[*count].address = read_u64(entry + 8);
		exports[*count].version = 0;
		++*count;
	}
}

/* uses imports from relocs and tables; given first, it must init last. */
static void check_modules_together(const char *variant)
{
	static const char *const names[] = { "uses", "tables", "relocs" };
	static const char *const module_exports[] = { "relocs_sum", "relocs_counter_address",
						      "tables_dispatch", "tables_constant", NULL };
	struct file objects[3];
	struct ghost_module_file modules[3];
	struct ghost_export kernel[MAX_EXPORTS], symbols[MAX_EXPORTS];
	uint32_t kernel_count = 0, symbol_count;
	struct link_result result;
	char why[256] = "";
	char path[256];
	for (unsigned i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s", build_path("tests/ghost/corpus/"));
		snprintf(path + strlen(path), sizeof path - strlen(path),
			 "%s/tests/ghost/corpus/%s.o", variant, names[i]);
		objects[i] = read_file(path);
		modules[i] = module_file(&objects[i], path);
		add_fake_exports(&objects[i], module_exports, kernel, &kernel_count);
	}
	link_modules(modules, 3, kernel, kernel_count, bases[0], &result);
	CHECK(result.ok && result.order[2] == 0 && guards_intact(&result.placement),
	      "%s: uses, tables, relocs link together; uses inits last%s%s", variant,
	      result.ok ? "" : ": ", result.error.text);
	if (!result.ok)
		return;
	CHECK(ghost_module_imports_from(&result.linked[0], 1) &&
		      ghost_module_imports_from(&result.linked[0], 2) &&
		      !ghost_module_imports_from(&result.linked[1], 0) &&
		      !ghost_module_imports_from(&result.linked[1], 2) &&
		      !ghost_module_imports_from(&result.linked[2], 0) &&
		      !ghost_module_imports_from(&result.linked[2], 1),
	      "%s: uses imports from tables and relocs, they from no module", variant);
	memcpy(symbols, kernel, sizeof kernel);
	symbol_count = kernel_count;
	for (unsigned n = 0; n < 3; n++) {
		uint32_t m = result.order[n];
		struct file ld_output = { 0 };
		why[0] = '\0';
		bool same = ld_matches(&objects[m], &modules[m], &result.linked[m], symbols,
				       symbol_count, &ld_output, why, sizeof why);
		CHECK(same, "%s: %s linked with the others equals GNU ld's%s%s", variant, names[m],
		      same ? "" : ": ", why);
		if (ld_output.bytes)
			ld_exports(&ld_output, symbols, &symbol_count);
		free(ld_output.bytes);
	}
	release_link(&result);
}

int main(void)
{
	snprintf(scratch, sizeof scratch, "%s/ghost-ld.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(scratch)) {
		printf("not ok - cannot make a scratch directory\n");
		return 1;
	}
	FILE *list = fopen(build_path("tests/ghost/corpus.list"), "r");
	char line[4096];
	unsigned objects = 0;
	while (list && fgets(line, sizeof line, list)) {
		line[strcspn(line, "\n")] = '\0';
		for (unsigned b = 0; b < sizeof bases / sizeof bases[0]; b++)
			check_object(line, bases[b]);
		objects++;
	}
	CHECK(objects >= 24, "the corpus has %u objects (4 builds of at least 6 sources)", objects);
	static const char *const type_names[] = {
		[R_X86_64_64] = "R_X86_64_64",	     [R_X86_64_PC32] = "R_X86_64_PC32",
		[R_X86_64_PLT32] = "R_X86_64_PLT32", [R_X86_64_32] = "R_X86_64_32",
		[R_X86_64_32S] = "R_X86_64_32S",     [R_X86_64_PC64] = "R_X86_64_PC64"
	};
	for (unsigned t = 0; t <= R_X86_64_PC64; t++)
		if (type_names[t])
			CHECK(relocation_counts[t] > 0, "the corpus has %u %s relocations compared",
			      relocation_counts[t], type_names[t]);
	static const char *const variants[] = { "gcc-O0", "gcc-O2", "clang-O0", "clang-O2" };
	for (unsigned v = 0; v < 4; v++)
		check_modules_together(variants[v]);
	char command[128];
	snprintf(command, sizeof command, "rm -rf %s", scratch);
	if (system(command) != 0)
		printf("# could not remove %s\n", scratch);
	CHECK_EXIT();
}
