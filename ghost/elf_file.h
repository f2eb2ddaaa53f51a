/* The one ELF reader: what relocatable modules and executable kernels
 * share. The ELF header, an executable's program headers, the section
 * header table and the section names, all checked on opening. */
#ifndef GHOSTBOOT_GHOST_ELF_FILE_H
#define GHOSTBOOT_GHOST_ELF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ghost/elf.h"
#include "ghost/error.h"

/* A range of a file a loader holds without holding the whole file: the
 * header tables and the few sections it reads apart, and each segment's
 * file bytes where they were loaded. */
struct ghost_elf_piece {
	uint64_t offset; /* in the file */
	uint64_t size;
	const uint8_t *bytes;
};

struct ghost_elf_file {
	const uint8_t *bytes;  /* the whole file; NULL when only pieces are held */
	const struct ghost_elf_piece *pieces; /* with `bytes` NULL: what the loader holds */
	uint32_t piece_count;
	uint64_t size;         /* the file's size, which every offset is checked against */
	const char *name;      /* for messages: the module's name, or "kernel" */
	uint32_t module_index; /* for messages: GHOST_NO_MODULE for the kernel */
	Elf64_Ehdr header;
	const char *section_names; /* NUL-terminated at its end, so every name is */
	size_t section_names_size;
};

/* The whole file in hand: ghost_elf_check_header, then for ET_EXEC
 * ghost_elf_check_segment on every program header, then
 * ghost_elf_read_sections. */
bool ghost_elf_open(struct ghost_elf_file *file, const uint8_t *bytes, size_t size,
		    const char *name, uint32_t module_index, uint16_t type,
		    struct ghost_error *error);

/* Step by step, for a loader that reads the headers before the rest of the
 * file (stage 2). `bytes` hold the first `size` bytes of a file of
 * `file_size` bytes, at least the ELF header unless the file is shorter.
 * Checks that it is an ELF64 little-endian x86-64 file of type `type`, and
 * for ET_EXEC that the program header table has entries of 56 bytes, a
 * count that is neither 0 nor PN_XNUM, and lies inside the file. Leaves
 * file->bytes NULL. */
bool ghost_elf_check_header(struct ghost_elf_file *file, const uint8_t *bytes, size_t size,
			    uint64_t file_size, const char *name, uint32_t module_index,
			    uint16_t type, struct ghost_error *error);

/* Program header `index` of a file whose header checked out, read by the
 * caller: a PT_LOAD's file size within its memory size, its bytes inside
 * the file, its virtual and physical ranges not wrapping, and its virtual
 * and physical addresses equal within a page (a loader maps one onto the
 * other). Other types pass unchecked. */
bool ghost_elf_check_segment(const struct ghost_elf_file *file, const Elf64_Phdr *segment,
			     uint32_t index, struct ghost_error *error);

/* Where the section header table lies in the file: its entries of 64 bytes,
 * a count that is not extended, and all of it inside the file. */
bool ghost_elf_section_table(const struct ghost_elf_file *file, uint64_t *offset,
			     uint64_t *size, struct ghost_error *error);

/* With the whole file in hand (file->size bytes at `bytes`), or with
 * `bytes` NULL the pieces in file->pieces, which must hold the section
 * header table and the section name table: the table, every section's
 * bytes inside the file, and every section named in the name table. */
bool ghost_elf_read_sections(struct ghost_elf_file *file, const uint8_t *bytes,
			     struct ghost_error *error);

/* The `size` bytes at `offset` in the file: inside the whole file, or
 * inside one piece held; NULL otherwise. */
const uint8_t *ghost_elf_bytes(const struct ghost_elf_file *file, uint64_t offset, uint64_t size);

/* Program header `index`, below header.e_phnum, of a file opened whole or
 * whose program header table is a piece held. */
Elf64_Phdr ghost_elf_segment(const struct ghost_elf_file *file, uint32_t index);

/* Section header `index`, which must be below header.e_shnum, of a file
 * whose section header table ghost_elf_read_sections found. */
Elf64_Shdr ghost_elf_section(const struct ghost_elf_file *file, uint32_t index);

/* The name of a section of this file (checked by ghost_elf_read_sections). */
const char *ghost_elf_section_name(const struct ghost_elf_file *file, const Elf64_Shdr *section);

/* The bytes of a section of this file that is not NOBITS (checked by
 * ghost_elf_read_sections to lie in the file); NULL when the file is held
 * in pieces and none holds them. */
const uint8_t *ghost_elf_section_bytes(const struct ghost_elf_file *file,
				       const Elf64_Shdr *section);

/* Section `index` as a string table: in range, SHT_STRTAB, not empty and
 * NUL-terminated at its end, so any offset below *size starts a string. */
bool ghost_elf_string_table(const struct ghost_elf_file *file, uint32_t index, const char **table,
			    size_t *size, struct ghost_error *error);

/* ghost_fail for this file. */
bool ghost_elf_fail(const struct ghost_elf_file *file, struct ghost_error *error,
		    enum ghost_status status, const char *message);

#endif
