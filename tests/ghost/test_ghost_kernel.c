/* Host test: the kernel's export table read from a linked kernel ELF
 * ($BUILD/tests/ghost/kernel.elf, from tests/ghost/fixtures/kernel.c), the
 * modules linked against it, and damaged copies refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ghost/elf_file.h"
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
	return read_kernel_exports(elf, exports, MAX_EXPORTS, count, error);
}

static void reads_the_table(void)
{
	struct ghost_export exports[MAX_EXPORTS];
	struct ghost_error error;
	uint32_t count = 0;
	bool counted = read_kernel_exports(&kernel, NULL, 0, &count, &error);
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
	CHECK(!read_kernel_exports(&kernel, exports, 2, &count, &error) &&
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
	struct ghost_module_file module = {
		.bytes = uses.bytes, .size = uses.size, .name = "uses_kernel"
	};
	link_modules(&module, 1, exports, count, 0xffffffff80400000ull, &result);
	CHECK(result.ok, "a module using the kernel's exports links against them%s",
	      failure_text(&result.error));
	release_link(&result);
	free(uses.bytes);

	struct file secret = read_file(build_path("tests/ghost/fixtures/uses_kernel_secret.o"));
	module = (struct ghost_module_file){
		.bytes = secret.bytes, .size = secret.size, .name = "uses_kernel_secret"
	};
	link_modules(&module, 1, exports, count, 0xffffffff80400000ull, &result);
	CHECK(!result.ok && result.error.status == GHOST_ERROR_UNDEFINED_SYMBOL &&
		      strstr(result.error.text, "kernel_secret"),
	      "what the kernel does not export is out of reach: \"%s\"", result.error.text);
	release_link(&result);
	free(secret.bytes);
}

typedef void damage_fn(struct file *copy);

/* The kernel's headers as a loader reading them first checks them, before
 * the rest of the file (stage 2): the ELF header from the file's first
 * bytes only, then each program header as read. */
static bool check_headers_first(const struct file *f, struct ghost_error *error)
{
	struct ghost_elf_file elf;
	uint8_t head[sizeof(Elf64_Ehdr)];
	size_t head_size = f->size < sizeof head ? f->size : sizeof head;
	memcpy(head, f->bytes, head_size);
	if (!ghost_elf_check_header(&elf, head, head_size, f->size, "kernel", GHOST_NO_MODULE,
				    ET_EXEC, error))
		return false;
	for (uint32_t i = 0; i < elf.header.e_phnum; i++) {
		Elf64_Phdr segment;
		memcpy(&segment, f->bytes + elf.header.e_phoff + i * sizeof segment, sizeof segment);
		if (!ghost_elf_check_segment(&elf, &segment, i, error))
			return false;
	}
	return true;
}

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

/* A damaged header or program header, refused the same way whether the
 * whole file is in hand or only the headers are. */
static void expect_damaged_headers(const char *what, damage_fn *damage,
				   enum ghost_status status, const char *words)
{
	struct file copy = copy_file(&kernel);
	struct ghost_error error;
	damage(&copy);
	expect_damaged(what, damage, status, words);
	bool read = check_headers_first(&copy, &error);
	CHECK(!read && error.status == status && strstr(error.text, words),
	      "%s, the headers read first: \"%s\"", what, error.text);
	free(copy.bytes);
}

static Elf64_Phdr *program_header(struct file *f, unsigned index)
{
	return (Elf64_Phdr *)(f->bytes + elf_header(f)->e_phoff) + index;
}

static uint8_t *table_entry(struct file *f, unsigned index)
{
	return f->bytes + elf_section_named(f, ".gbexports")->sh_offset + 24 * index;
}

static void a_module(struct file *f)
{
	elf_header(f)->e_type = ET_REL;
}
static void header_size(struct file *f)
{
	elf_header(f)->e_ehsize = 52;
}
static void program_header_size(struct file *f)
{
	elf_header(f)->e_phentsize = 32;
}
static void no_program_headers(struct file *f)
{
	elf_header(f)->e_phnum = 0;
}
static void extended_program_headers(struct file *f)
{
	elf_header(f)->e_phnum = PN_XNUM;
}
static void segments_past_end(struct file *f)
{
	elf_header(f)->e_phoff = f->size - 8;
}
static void segments_offset_wraps(struct file *f)
{
	elf_header(f)->e_phoff = ~0ull - 8;
}
static void segment_file_size(struct file *f)
{
	program_header(f, 0)->p_filesz = program_header(f, 0)->p_memsz + 1;
}
static void segment_past_end(struct file *f)
{
	program_header(f, 1)->p_offset = f->size - 1;
}
static void segment_too_long(struct file *f)
{
	program_header(f, 1)->p_filesz = program_header(f, 1)->p_memsz = ~0ull - 8;
}
/* 0x70 bytes from 16 below the top of the address space. */
static void virtual_range_wraps(struct file *f)
{
	program_header(f, 1)->p_vaddr = ~0ull - 0xf;
}
static void physical_range_wraps(struct file *f)
{
	program_header(f, 1)->p_paddr = ~0ull - 0xf;
}
static void addresses_differ_in_page(struct file *f)
{
	program_header(f, 0)->p_paddr += 0x10;
}
static void name_elsewhere(struct file *f)
{
	uint64_t nowhere = 0x1234;
	memcpy(table_entry(f, 0), &nowhere, 8);
}
/* The last byte of the read-only segment: no NUL after it in the segment. */
static void name_unterminated(struct file *f)
{
	Elf64_Phdr *p = program_header(f, 1);
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
	struct ghost_error intact = { 0 };
	CHECK(check_headers_first(&kernel, &intact), "the headers check out read first%s",
	      failure_text(&intact));
	expect_damaged("a relocatable object is not a kernel", a_module, GHOST_ERROR_ELF_TYPE,
		       "kernel: not an executable");
	expect_damaged_headers("ELF header size", header_size, GHOST_ERROR_MALFORMED,
			       "ELF header size below 64: 52");
	expect_damaged_headers("program header size", program_header_size,
			       GHOST_ERROR_SECTION_TABLE, "program header size is not 56");
	expect_damaged_headers("no program headers", no_program_headers, GHOST_ERROR_SECTION_TABLE,
			       "no program headers");
	expect_damaged_headers("program header count PN_XNUM", extended_program_headers,
			       GHOST_ERROR_SECTION_TABLE, "program header count extended");
	expect_damaged_headers("program headers past the end", segments_past_end,
			       GHOST_ERROR_SECTION_TABLE, "program headers lie outside the file");
	expect_damaged_headers("program header offset wrapping", segments_offset_wraps,
			       GHOST_ERROR_SECTION_TABLE, "program headers lie outside the file");
	expect_damaged_headers("segment file size over its memory size", segment_file_size,
			       GHOST_ERROR_MALFORMED,
			       "a segment's file size exceeds its memory size: segment 0");
	expect_damaged_headers("segment past the end", segment_past_end,
			       GHOST_ERROR_SECTION_BOUNDS, "a segment lies outside the file: segment 1");
	expect_damaged_headers("segment size past the end", segment_too_long,
			       GHOST_ERROR_SECTION_BOUNDS, "a segment lies outside the file: segment 1");
	expect_damaged_headers("segment virtual range wrapping", virtual_range_wraps,
			       GHOST_ERROR_MALFORMED, "a segment's addresses wrap around: segment 1");
	expect_damaged_headers("segment physical range wrapping", physical_range_wraps,
			       GHOST_ERROR_MALFORMED, "a segment's addresses wrap around: segment 1");
	expect_damaged_headers("segment addresses differing within a page",
			       addresses_differ_in_page, GHOST_ERROR_MALFORMED,
			       "virtual and physical addresses differ within a page: segment 0");
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
	CHECK(read_kernel_exports(&copy, NULL, 0, &count, &error) &&
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
