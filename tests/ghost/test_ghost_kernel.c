/* Host test: the kernel's export table read from a linked kernel ELF
 * ($BUILD/tests/ghost/kernel.elf, from tests/ghost/fixtures/kernel.c), the
 * modules linked against it, and damaged copies refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/ghost/support.h"

static struct file kernel;

struct expected_export {
	const char *name;
	uint32_t version;
};

static const struct expected_export expected[] = {
	{ "kprintf", 1 },
	{ "console_write", 0 },
	{ "kernel_version", 3 },
};

static bool read_exports(const struct file *elf, struct ghost_export *exports, uint32_t *count,
			 struct ghost_error *error)
{
	return ghost_read_kernel_exports(elf->bytes, elf->size, exports, MAX_EXPORTS, count, error);
}

static void reads_the_table(void)
{
	struct ghost_export exports[MAX_EXPORTS];
	struct ghost_error error;
	uint32_t count = 0;
	bool counted =
		ghost_read_kernel_exports(kernel.bytes, kernel.size, NULL, 0, &count, &error);
	CHECK(counted && count == 3, "the kernel has 3 exports (counted: %u)%s", count,
	      failure_text(&error));
	bool read = read_exports(&kernel, exports, &count, &error);
	CHECK(read && count == 3, "the table reads%s", failure_text(&error));
	for (unsigned i = 0; read && i < 3; i++) {
		const Elf64_Sym *symbol = elf_symbol_named(&kernel, expected[i].name);
		bool found = false;
		for (uint32_t e = 0; e < count; e++)
			if (strcmp(exports[e].name, expected[i].name) == 0)
				found = symbol && exports[e].address == symbol->st_value &&
					exports[e].version == expected[i].version;
		CHECK(found, "%s: the address the kernel's symbol table gives, version %u",
		      expected[i].name, expected[i].version);
	}
	for (uint32_t e = 0; read && e < count; e++)
		CHECK(strcmp(exports[e].name, "kernel_secret") != 0 &&
			      strcmp(exports[e].name, "_start") != 0,
		      "%s is exported on purpose", exports[e].name);
	CHECK(!ghost_read_kernel_exports(kernel.bytes, kernel.size, exports, 2, &count, &error) &&
		      error.status == GHOST_ERROR_WORKSPACE,
	      "room for 2 of 3 exports: \"%s\"", error.text);
}

static void links_against_it(void)
{
	struct ghost_export exports[MAX_EXPORTS];
	struct ghost_error error;
	uint32_t count = 0;
	struct link_result result;
	if (!read_exports(&kernel, exports, &count, &error))
		return;
	struct file uses = read_file(build_path("tests/ghost/fixtures/uses_kernel.o"));
	struct ghost_module_file module = { uses.bytes, uses.size, "uses_kernel" };
	link_modules(&module, 1, exports, count, 0xffffffff80400000ull, &result);
	CHECK(result.ok, "a module using the kernel's exports links against them%s",
	      failure_text(&result.error));
	release_link(&result);
	free(uses.bytes);

	struct file secret = read_file(build_path("tests/ghost/fixtures/uses_kernel_secret.o"));
	module = (struct ghost_module_file){ secret.bytes, secret.size, "uses_kernel_secret" };
	link_modules(&module, 1, exports, count, 0xffffffff80400000ull, &result);
	CHECK(!result.ok && result.error.status == GHOST_ERROR_UNDEFINED_SYMBOL &&
		      strstr(result.error.text, "kernel_secret"),
	      "what the kernel does not export is out of reach: \"%s\"", result.error.text);
	release_link(&result);
	free(secret.bytes);
}

typedef void damage_fn(struct file *copy);

static void expect_damaged(const char *what, damage_fn *damage, enum ghost_status status,
			   const char *words)
{
	struct file copy = copy_file(&kernel);
	struct ghost_export exports[MAX_EXPORTS];
	struct ghost_error error;
	uint32_t count;
	damage(&copy);
	bool read = read_exports(&copy, exports, &count, &error);
	CHECK(!read && error.status == status && strstr(error.text, words), "%s: \"%s\"", what,
	      error.text);
	free(copy.bytes);
}

static uint8_t *table_entry(struct file *f, unsigned index)
{
	return f->bytes + elf_section_named(f, ".gbexports")->sh_offset + 24 * index;
}

static void a_module(struct file *f)
{
	elf_header(f)->e_type = ET_REL;
}
static void segments_past_end(struct file *f)
{
	elf_header(f)->e_phoff = f->size - 8;
}
static void segment_size(struct file *f)
{
	((Elf64_Phdr *)(f->bytes + elf_header(f)->e_phoff))->p_filesz = ~0ull - 0x1000;
}
static void name_elsewhere(struct file *f)
{
	uint64_t nowhere = 0x1234;
	memcpy(table_entry(f, 0), &nowhere, 8);
}
/* The last byte of the read-only segment: no NUL after it in the segment. */
static void name_unterminated(struct file *f)
{
	Elf64_Phdr *p = (Elf64_Phdr *)(f->bytes + elf_header(f)->e_phoff) + 1;
	uint64_t last = p->p_vaddr + p->p_filesz - 1;
	memcpy(table_entry(f, 1), &last, 8);
	f->bytes[p->p_offset + p->p_filesz - 1] = 'x';
}
static void table_size(struct file *f)
{
	elf_section_named(f, ".gbexports")->sh_size = 20;
}

static void damaged_kernels(void)
{
	expect_damaged("a relocatable object is not a kernel", a_module, GHOST_ERROR_ELF_TYPE,
		       "kernel: not an executable");
	expect_damaged("program headers past the end", segments_past_end, GHOST_ERROR_SECTION_TABLE,
		       "program header table");
	expect_damaged("segment past the end", segment_size, GHOST_ERROR_SECTION_BOUNDS,
		       "segment beyond the end of the file");
	expect_damaged("name outside every segment", name_elsewhere, GHOST_ERROR_EXPORT_TABLE,
		       "export name outside the loaded segments, entry 0");
	expect_damaged("name running off its segment", name_unterminated, GHOST_ERROR_EXPORT_TABLE,
		       "entry 1");
	expect_damaged("table size", table_size, GHOST_ERROR_EXPORT_TABLE, "malformed .gbexports");

	struct file copy = copy_file(&kernel);
	Elf64_Shdr *table = elf_section_named(&copy, ".gbexports");
	copy.bytes[elf_section(&copy, elf_header(&copy)->e_shstrndx)->sh_offset + table->sh_name +
		   1] = 'x';
	struct ghost_error error;
	uint32_t count = 99;
	CHECK(ghost_read_kernel_exports(copy.bytes, copy.size, NULL, 0, &count, &error) &&
		      count == 0,
	      "a kernel without .gbexports exports nothing%s", failure_text(&error));
	free(copy.bytes);
}

int main(void)
{
	kernel = read_file(build_path("tests/ghost/kernel.elf"));
	reads_the_table();
	links_against_it();
	damaged_kernels();
	free(kernel.bytes);
	CHECK_EXIT();
}
