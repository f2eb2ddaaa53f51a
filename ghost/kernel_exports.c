/* The kernel's export table: the section ".gbexports" of the kernel ELF, an
 * array of struct gb_export (include/ghostboot/export.h) whose name fields
 * are virtual addresses, found in the file through the program headers
 * (ghost_elf_open checked them): in the file's bytes, or in the segments
 * where a loader holding the file in pieces put them. */
#include <ghostboot/export.h>

#include "ghost/bytes.h"
#include "ghost/elf_file.h"
#include "ghost/ghost.h"
#include "ghost/names.h"
#include "ghost/report.h"

/* The string at virtual address `address`: within the file bytes of one
 * loadable segment, NUL included. */
static const char *string_at(const struct ghost_elf_file *file, uint64_t address)
{
	for (uint32_t i = 0; i < file->header.e_phnum; i++) {
		Elf64_Phdr p = ghost_elf_segment(file, i);
		if (p.p_type != PT_LOAD || address < p.p_vaddr || address - p.p_vaddr >= p.p_filesz)
			continue;
		const char *bytes = (const char *)ghost_elf_bytes(file, p.p_offset, p.p_filesz);
		if (bytes == NULL)
			return NULL;
		for (uint64_t at = address - p.p_vaddr; at < p.p_filesz; at++)
			if (bytes[at] == '\0')
				return bytes + (size_t)(address - p.p_vaddr);
		return NULL;
	}
	return NULL;
}

static bool find_table(const struct ghost_elf_file *file, Elf64_Shdr *table,
		       struct ghost_error *error)
{
	bool found = false;
	for (uint32_t i = 1; i < file->header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(file, i);
		const char *name = ghost_elf_section_name(file, &s);
		if (!ghost_names_equal(name, GB_EXPORTS_SECTION))
			continue;
		if (found || s.sh_type != SHT_PROGBITS ||
		    (size_t)s.sh_size % sizeof(struct gb_export) != 0)
			return ghost_elf_fail(file, error, GHOST_ERROR_EXPORT_TABLE,
					      "malformed " GB_EXPORTS_SECTION " section");
		if (ghost_elf_section_bytes(file, &s) == NULL)
			return ghost_elf_fail(file, error, GHOST_ERROR_EXPORT_TABLE,
					      GB_EXPORTS_SECTION " section not read");
		*table = s;
		found = true;
	}
	if (!found)
		table->sh_size = 0;
	return true;
}

bool ghost_read_kernel_exports(const struct ghost_elf_file *file, struct ghost_export *exports,
			       uint32_t capacity, uint32_t *count, struct ghost_error *error)
{
	Elf64_Shdr table;
	ghost_clear_error(error);
	if (!find_table(file, &table, error))
		return false;
	if (table.sh_size > (uint64_t)UINT32_MAX * sizeof(struct gb_export))
		return ghost_elf_fail(file, error, GHOST_ERROR_EXPORT_TABLE,
				      "more than 2^32 exports");
	*count = (uint32_t)((size_t)table.sh_size / sizeof(struct gb_export));
	if (exports == NULL)
		return true;
	if (*count > capacity)
		return ghost_elf_fail(file, error, GHOST_ERROR_WORKSPACE,
				      "more exports than room for them");
	for (uint32_t i = 0; i < *count; i++) {
		const uint8_t *entry = ghost_elf_section_bytes(file, &table) +
				       (size_t)i * sizeof(struct gb_export);
		exports[i].name =
			string_at(file, ghost_load_le64(entry + offsetof(struct gb_export, name)));
		exports[i].address = ghost_load_le64(entry + offsetof(struct gb_export, address));
		__builtin_memcpy(&exports[i].version, entry + offsetof(struct gb_export, version),
				 sizeof exports[i].version);
		if (exports[i].name == NULL) {
			ghost_elf_fail(file, error, GHOST_ERROR_EXPORT_TABLE,
				       "export name outside the loaded segments, entry");
			ghost_fail_number(error, i);
			return false;
		}
	}
	return true;
}
