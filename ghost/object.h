/* A module file read as an ELF64 x86-64 relocatable object (ET_REL): its
 * symbol table, names and relocation sections, all checked on reading. */
#ifndef GHOSTBOOT_GHOST_OBJECT_H
#define GHOSTBOOT_GHOST_OBJECT_H

#include "ghost/elf_file.h"

struct ghost_object {
	struct ghost_elf_file file;
	uint32_t symbol_table; /* section index of the one SHT_SYMTAB */
	uint32_t symbol_count;
	const char *symbol_names; /* NUL-terminated at its end */
	size_t symbol_names_size;
};

/* Checks the whole object: the ELF header and section table (elf_file.h);
 * one symbol table whose entries have names in its string table and section
 * indices in range (no COMMON, no TLS); every RELA section linked to that
 * symbol table and applying to a section in range; loaded sections aligned
 * to at most a page, without TLS or REL relocations. */
bool ghost_object_read(struct ghost_object *object, const uint8_t *bytes, size_t size,
		       const char *name, uint32_t module_index, struct ghost_error *error);

/* Symbol `index`, which must be below symbol_count. */
Elf64_Sym ghost_object_symbol(const struct ghost_object *object, uint32_t index);

/* A symbol's name for messages: its section's name for a section symbol. */
const char *ghost_object_symbol_name(const struct ghost_object *object, const Elf64_Sym *symbol);

/* Entries of a RELA section, and entry `index` of it. */
size_t ghost_object_relocation_count(const Elf64_Shdr *relocations);
Elf64_Rela ghost_object_relocation(const struct ghost_object *object, const Elf64_Shdr *relocations,
				   size_t index);

/* Whether a section is part of the module's image. */
bool ghost_section_is_loaded(const Elf64_Shdr *section);

/* The index of the one section called `name`, or 0 when there is none; two
 * of them is an error. */
bool ghost_object_find_section(const struct ghost_object *object, const char *name, uint32_t *index,
			       struct ghost_error *error);

/* The index of the one RELA section applying to section `target`, or 0. */
bool ghost_object_find_relocations(const struct ghost_object *object, uint32_t target,
				   uint32_t *index, struct ghost_error *error);

#endif
