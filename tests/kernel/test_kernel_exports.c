/* Host test of the kernel's export table (docs/contract.md "Ghost symbols"): what
 * ghost_read_kernel_exports, the reader stage 2 uses, finds in the built
 * $BUILD/kernel/kernel.elf is exactly the list in kernel/exports.h, each
 * entry at its function's address, and the table lies in a loaded,
 * read-only segment. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ghost/elf_file.h"
#include "ghost/ghost.h"
#include "tests/check.h"

/* What the test looks for and ghost itself never needs. */
#define STT_FUNC 2

/* The list in kernel/exports.h; compared as sets, since the order of the
 * table is the link order. */
static const char *const expected[] = {
	"console_write", "gb_isolated_call", "kfree", "kmalloc", "kprintf", "ksnprintf",
	"memcmp", "memcpy", "memmove", "memset", "vkprintf",
};
#define EXPECTED_COUNT (sizeof expected / sizeof expected[0])
#define CAPACITY 64

struct file {
	unsigned char *bytes;
	size_t size;
};

static struct file read_kernel(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char path[512];
	snprintf(path, sizeof path, "%s/kernel/kernel.elf", build);
	struct file f = { 0 };
	FILE *in = fopen(path, "rb");
	if (!in || fseek(in, 0, SEEK_END) || (f.size = (size_t)ftell(in)) < sizeof(Elf64_Ehdr)) {
		printf("not ok - read %s\n", path);
		exit(1);
	}
	rewind(in);
	f.bytes = malloc(f.size);
	if (!f.bytes || fread(f.bytes, 1, f.size, in) != f.size) {
		printf("not ok - read %s\n", path);
		exit(1);
	}
	fclose(in);
	return f;
}

/* The built kernel is our own, well-formed file: these trust its headers. */
static const Elf64_Shdr *section(const struct file *f, unsigned index)
{
	const Elf64_Ehdr *h = (const void *)f->bytes;
	return (const void *)(f->bytes + h->e_shoff + (size_t)index * h->e_shentsize);
}

static const Elf64_Shdr *section_named(const struct file *f, const char *name)
{
	const Elf64_Ehdr *h = (const void *)f->bytes;
	const char *names = (const char *)f->bytes + section(f, h->e_shstrndx)->sh_offset;
	for (unsigned i = 1; i < h->e_shnum; i++) {
		if (strcmp(names + section(f, i)->sh_name, name) == 0)
			return section(f, i);
	}
	return NULL;
}

/* The value of the function symbol `name` in .symtab, or 0. */
static uint64_t function_address(const struct file *f, const char *name)
{
	const Elf64_Shdr *symtab = section_named(f, ".symtab");
	if (!symtab)
		return 0;
	const char *strings = (const char *)f->bytes + section(f, symtab->sh_link)->sh_offset;
	const Elf64_Sym *symbols = (const void *)(f->bytes + symtab->sh_offset);
	for (size_t i = 1; i < symtab->sh_size / sizeof *symbols; i++) {
		if (ELF64_ST_TYPE(symbols[i].st_info) == STT_FUNC &&
		    strcmp(strings + symbols[i].st_name, name) == 0)
			return symbols[i].st_value;
	}
	return 0;
}

/* The PT_LOAD segment holding [address, address + size), or NULL. */
static const Elf64_Phdr *segment_holding(const struct file *f, uint64_t address, uint64_t size)
{
	const Elf64_Ehdr *h = (const void *)f->bytes;
	const Elf64_Phdr *segments = (const void *)(f->bytes + h->e_phoff);
	for (unsigned i = 0; i < h->e_phnum; i++) {
		const Elf64_Phdr *p = &segments[i];
		if (p->p_type == PT_LOAD && address >= p->p_vaddr &&
		    address + size <= p->p_vaddr + p->p_filesz)
			return p;
	}
	return NULL;
}

static bool is_expected(const char *name)
{
	for (size_t i = 0; i < EXPECTED_COUNT; i++) {
		if (strcmp(expected[i], name) == 0)
			return true;
	}
	return false;
}

int main(void)
{
	struct file kernel = read_kernel();

	const Elf64_Shdr *table = section_named(&kernel, ".gbexports");
	const Elf64_Phdr *holder = table ? segment_holding(&kernel, table->sh_addr, table->sh_size)
					 : NULL;
	CHECK(table != NULL, "the kernel has a .gbexports section");
	CHECK(holder && holder->p_flags == PF_R, "it lies in a loaded read-only segment");

	struct ghost_elf_file elf;
	struct ghost_export exports[CAPACITY];
	struct ghost_error error;
	uint32_t count = 0;
	bool read = ghost_elf_open(&elf, kernel.bytes, kernel.size, "kernel", GHOST_NO_MODULE,
				   ET_EXEC, &error) &&
		    ghost_read_kernel_exports(&elf, exports, CAPACITY, &count, &error);
	CHECK(read, "ghost_read_kernel_exports reads it%s%s", read ? "" : ": ", read ? "" : error.text);
	if (!read)
		CHECK_EXIT();
	CHECK(count == EXPECTED_COUNT, "%u exports, expected %zu", count, EXPECTED_COUNT);

	for (uint32_t i = 0; i < count; i++) {
		const char *name = exports[i].name;
		bool unique = true;
		for (uint32_t j = 0; j < i; j++)
			unique &= strcmp(exports[j].name, name) != 0;
		uint64_t address = function_address(&kernel, name);
		const Elf64_Phdr *code = segment_holding(&kernel, exports[i].address, 1);
		const char *problem = !is_expected(name) ? "not in kernel/exports.h"
				      : !unique ? "exported twice"
				      : !address || exports[i].address != address
					      ? "not at its function's address"
				      : !code || code->p_flags != (PF_R | PF_X) ? "not in the text segment"
				      : exports[i].version != 0 ? "has a version"
								: NULL;
		CHECK(!problem, "export %s%s%s", name, problem ? ": " : "", problem ? problem : "");
	}
	char missing[256] = "";
	for (size_t e = 0; e < EXPECTED_COUNT; e++) {
		bool found = false;
		for (uint32_t i = 0; i < count; i++)
			found |= strcmp(exports[i].name, expected[e]) == 0;
		if (!found)
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), " %s",
				 expected[e]);
	}
	CHECK(!missing[0], "every function in kernel/exports.h is exported%s%s",
	      missing[0] ? "; missing:" : "", missing);
	free(kernel.bytes);
	CHECK_EXIT();
}
