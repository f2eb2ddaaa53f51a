/* Host test of the kernel's export table (docs/contract.md "Ghost symbols"): what
 * ghost_read_kernel_exports, the reader stage 2 uses, finds in the built
 * $BUILD/kernel/kernel.elf is exactly the list in kernel/exports.h, each
 * entry at its function's address, and the table lies in a loaded,
 * read-only segment. Read again from the file held in pieces, as stage 2
 * holds it (its header tables, the section names, each segment's bytes
 * elsewhere), it is the same, and a piece left out is an error. */
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
	"console_write", "kfree", "kmalloc", "kprintf", "ksnprintf", "module_restarts",
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

#define PIECES_MAX 16

/* A copy of [offset, offset + size) of the file, as a piece held apart. */
static void hold(const struct file *f, struct ghost_elf_piece *pieces, uint32_t *count,
		 uint64_t offset, uint64_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy || *count == PIECES_MAX) {
		printf("not ok - hold a piece of the kernel\n");
		exit(1);
	}
	memcpy(copy, f->bytes + offset, size);
	pieces[(*count)++] = (struct ghost_elf_piece){ offset, size, copy };
}

/* The exports read from the kernel held in pieces: with `tables` the
 * section header table, with `segments` each PT_LOAD's file bytes. */
static bool read_in_pieces(const struct file *f, bool tables, bool segments,
			   struct ghost_export *exports, uint32_t *count, struct ghost_error *error)
{
	struct ghost_elf_piece pieces[PIECES_MAX];
	uint32_t held = 0;
	const Elf64_Ehdr *h = (const void *)f->bytes;
	struct ghost_elf_file elf;
	hold(f, pieces, &held, h->e_phoff, (uint64_t)h->e_phnum * sizeof(Elf64_Phdr));
	if (tables)
		hold(f, pieces, &held, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr));
	const Elf64_Shdr *names = section(f, h->e_shstrndx);
	hold(f, pieces, &held, names->sh_offset, names->sh_size);
	const Elf64_Phdr *p = (const void *)(f->bytes + h->e_phoff);
	for (unsigned i = 0; segments && i < h->e_phnum; i++)
		if (p[i].p_type == PT_LOAD)
			hold(f, pieces, &held, p[i].p_offset, p[i].p_filesz);
	bool read = ghost_elf_check_header(&elf, f->bytes, sizeof *h, f->size, "kernel",
					   GHOST_NO_MODULE, ET_EXEC, error);
	elf.pieces = pieces;
	elf.piece_count = held;
	read = read && ghost_elf_read_sections(&elf, NULL, error) &&
	       ghost_read_kernel_exports(&elf, exports, CAPACITY, count, error);
	/* The names point into the pieces: compare before they go. */
	static char names_seen[CAPACITY][64];
	for (uint32_t i = 0; read && i < *count; i++) {
		snprintf(names_seen[i], sizeof names_seen[i], "%s", exports[i].name);
		exports[i].name = names_seen[i];
	}
	for (uint32_t i = 0; i < held; i++)
		free((void *)pieces[i].bytes);
	return read;
}

static void check_pieces(const struct file *kernel, const struct ghost_export *whole,
			 uint32_t whole_count)
{
	struct ghost_export exports[CAPACITY];
	struct ghost_error error;
	uint32_t count = 0;
	bool read = read_in_pieces(kernel, true, true, exports, &count, &error);
	bool same = read && count == whole_count;
	for (uint32_t i = 0; same && i < count; i++)
		same = strcmp(exports[i].name, whole[i].name) == 0 &&
		       exports[i].address == whole[i].address;
	CHECK(same, "held in pieces, the kernel's exports read the same%s%s", read ? "" : ": ",
	      read ? "" : error.text);
	read = read_in_pieces(kernel, false, true, exports, &count, &error);
	CHECK(!read && strstr(error.text, "section header table not read"),
	      "without the section header table: %s", read ? "read" : error.text);
	read = read_in_pieces(kernel, true, false, exports, &count, &error);
	CHECK(!read && strstr(error.text, ".gbexports section not read"),
	      "without the segments, the export table is not read: %s", read ? "read" : error.text);
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
	check_pieces(&kernel, exports, count);
	free(kernel.bytes);
	CHECK_EXIT();
}
