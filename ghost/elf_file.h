/* What relocatable modules and executable kernels share: the ELF header,
 * the section header table and the section names, all checked on opening. */
#ifndef GHOSTBOOT_GHOST_ELF_FILE_H
#define GHOSTBOOT_GHOST_ELF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ghost/elf.h"
#include "ghost/error.h"

struct ghost_elf_file {
	const uint8_t *bytes;
	size_t size;
	const char *name;      /* for messages: the module's name, or "kernel" */
	uint32_t module_index; /* for messages: GHOST_NO_MODULE for the kernel */
	Elf64_Ehdr header;
	const char *section_names; /* NUL-terminated at its end, so every name is */
	size_t section_names_size;
};

/* Checks that `bytes` hold an ELF64 little-endian x86-64 file of type
 * `type`, that the section header table and every section's bytes lie in
 * the file, and that every section has a name in the section name table. */
bool ghost_elf_open(struct ghost_elf_file *file, const uint8_t *bytes, size_t size,
		    const char *name, uint32_t module_index, uint16_t type,
		    struct ghost_error *error);

/* Section header `index`, which must be below header.e_shnum. */
Elf64_Shdr ghost_elf_section(const struct ghost_elf_file *file, uint32_t index);

/* The name of a section of this file (checked by ghost_elf_open). */
const char *ghost_elf_section_name(const struct ghost_elf_file *file, const Elf64_Shdr *section);

/* The bytes of a section of this file that is not NOBITS (checked by
 * ghost_elf_open to lie in the file). */
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
