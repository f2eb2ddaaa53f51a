/* libFuzzer target: the kernel ELF reader (ghost/elf_file.c) as stage 2
 * uses it: the ELF header from a buffer of just its size, then each
 * program header from one of just its size, then the whole file opened
 * and its export table read (ghost/kernel_exports.c); then the file held
 * in pieces as stage 2 holds it, each in a buffer of just its size, which
 * must read the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ghostboot/export.h>

#include "ghost/elf_file.h"
#include "ghost/ghost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The headers alone, read piece by piece as stage 2 reads them. */
static bool check_headers(const uint8_t *data, size_t size)
{
	struct ghost_elf_file elf;
	struct ghost_error error;
	size_t head_size = size < sizeof(Elf64_Ehdr) ? size : sizeof(Elf64_Ehdr);
	uint8_t *head = malloc(head_size ? head_size : 1);
	bool ok;

	memcpy(head, data, head_size);
	ok = ghost_elf_check_header(&elf, head, head_size, size, "kernel", GHOST_NO_MODULE, ET_EXEC,
				    &error);
	free(head);
	for (uint32_t i = 0; ok && i < elf.header.e_phnum; i++) {
		Elf64_Phdr *segment = malloc(sizeof(*segment));

		/* check_header put the table inside the file. */
		memcpy(segment, data + elf.header.e_phoff + i * sizeof(*segment), sizeof(*segment));
		ok = ghost_elf_check_segment(&elf, segment, i, &error);
		if (ok && segment->p_type == PT_LOAD &&
		    (segment->p_offset > size || segment->p_filesz > size - segment->p_offset))
			abort(); /* a loader would copy bytes the file does not have */
		free(segment);
	}
	if (!ok && (error.status == GHOST_OK || strncmp(error.text, "kernel: ", 8) != 0))
		abort();
	return ok;
}

#define PIECES_MAX 128

struct held {
	struct ghost_elf_piece pieces[PIECES_MAX];
	uint32_t count;
};

static void hold(struct held *held, const uint8_t *data, uint64_t offset, uint64_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data + offset, size);
	held->pieces[held->count++] = (struct ghost_elf_piece){ offset, size, copy };
}

/* The file held as stage 2 holds it: the program and section header
 * tables, the section names, each loadable segment's bytes. A file that
 * opened whole must read the same export count this way. */
static void read_in_pieces(const uint8_t *data, size_t size, uint32_t whole_count)
{
	static struct held held;
	static struct ghost_export exports[512];
	struct ghost_elf_file elf;
	struct ghost_error error;
	uint64_t offset, length;
	uint32_t count;

	held.count = 0;
	if (((const Elf64_Ehdr *)(const void *)data)->e_phnum > PIECES_MAX - 8)
		return; /* more pieces than this harness keeps */
	if (!ghost_elf_check_header(&elf, data, sizeof(Elf64_Ehdr), size, "kernel",
				    GHOST_NO_MODULE, ET_EXEC, &error) ||
	    !ghost_elf_section_table(&elf, &offset, &length, &error))
		abort();
	elf.pieces = held.pieces;
	hold(&held, data, elf.header.e_phoff, (uint64_t)elf.header.e_phnum * sizeof(Elf64_Phdr));
	hold(&held, data, offset, length);
	Elf64_Shdr names = ghost_elf_section(&(struct ghost_elf_file){ .bytes = data,
								      .header = elf.header },
					     elf.header.e_shstrndx);
	hold(&held, data, names.sh_offset, names.sh_size);
	for (uint32_t i = 0; i < elf.header.e_phnum && held.count < PIECES_MAX; i++) {
		Elf64_Phdr p = ghost_elf_segment(&(struct ghost_elf_file){ .bytes = data,
									   .header = elf.header },
						 i);
		if (p.p_type == PT_LOAD)
			hold(&held, data, p.p_offset, p.p_filesz);
	}
	elf.piece_count = held.count;
	if (!ghost_elf_read_sections(&elf, NULL, &error))
		abort();
	/* An export table no segment holds is read apart, as stage 2 does. */
	for (uint32_t i = 1; i < elf.header.e_shnum && held.count < PIECES_MAX; i++) {
		Elf64_Shdr s = ghost_elf_section(&elf, i);
		if (s.sh_type != SHT_NOBITS &&
		    strcmp(ghost_elf_section_name(&elf, &s), GB_EXPORTS_SECTION) == 0)
			hold(&held, data, s.sh_offset, s.sh_size);
	}
	elf.piece_count = held.count;
	if (ghost_read_kernel_exports(&elf, exports, 512, &count, &error) != (whole_count != ~0u) ||
	    (whole_count != ~0u && count != whole_count))
		abort();
	for (uint32_t i = 0; i < held.count; i++)
		free((void *)held.pieces[i].bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ghost_export exports[512];
	struct ghost_elf_file elf;
	struct ghost_error error;
	uint32_t count;
	bool headers = check_headers(data, size);

	if (!ghost_elf_open(&elf, data, size, "kernel", GHOST_NO_MODULE, ET_EXEC, &error))
		return 0;
	/* Opening checks more than the headers: it may refuse what they pass,
	 * never pass what they refuse. */
	if (!headers)
		abort();
	if (ghost_read_kernel_exports(&elf, exports, 512, &count, &error)) {
		for (uint32_t i = 0; i < count && i < 512; i++)
			if (strlen(exports[i].name) > size)
				abort();
	} else {
		count = ~0u;
	}
	read_in_pieces(data, size, count);
	return 0;
}
