/* Reading a module's export entries. In the object each struct gb_export is
 * zeros plus two R_X86_64_64 relocations: at offset 0 against the name
 * string, at offset 8 against the exported symbol. The version is data. */
#include "ghost/exports.h"

#include <ghostboot/export.h>

#include "ghost/report.h"

bool ghost_find_exports(struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	module->export_count = 0;
	module->export_relocations = 0;
	if (!ghost_object_find_section(object, GB_EXPORTS_SECTION, &module->exports_section, error))
		return false;
	if (module->exports_section == 0)
		return true;
	Elf64_Shdr s = ghost_elf_section(&object->file, module->exports_section);
	if (!ghost_section_is_loaded(&s) || s.sh_type != SHT_PROGBITS ||
	    (size_t)s.sh_size % sizeof(struct gb_export) != 0)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_EXPORT_TABLE,
				      "malformed " GB_EXPORTS_SECTION " section");
	module->export_count = (uint32_t)((size_t)s.sh_size / sizeof(struct gb_export));
	if (module->mode == GHOST_LINK_PROGRAM)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_ISOLATION,
				      "a program exports nothing, but it has " GB_EXPORTS_SECTION);
	return ghost_object_find_relocations(object, module->exports_section,
					     &module->export_relocations, error);
}

/* The symbol of the R_X86_64_64 relocation at `offset` in .gbexports. */
static bool export_field(const struct ghost_module *module, uint64_t offset, Elf64_Sym *symbol,
			 int64_t *addend, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	if (module->export_relocations != 0) {
		Elf64_Shdr relocations =
			ghost_elf_section(&object->file, module->export_relocations);
		size_t count = ghost_object_relocation_count(&relocations);
		for (size_t i = 0; i < count; i++) {
			Elf64_Rela r = ghost_object_relocation(object, &relocations, i);
			if (r.r_offset != offset)
				continue;
			uint32_t index = ELF64_R_SYM(r.r_info);
			if (ELF64_R_TYPE(r.r_info) != R_X86_64_64 || index == 0 ||
			    index >= object->symbol_count)
				break;
			*symbol = ghost_object_symbol(object, index);
			*addend = r.r_addend;
			/* Only what the module defines in a section can be
			 * exported: its address moves with the module. */
			if (symbol->st_shndx == SHN_UNDEF || symbol->st_shndx >= SHN_LORESERVE)
				break;
			return true;
		}
	}
	ghost_elf_fail(&object->file, error, GHOST_ERROR_EXPORT_TABLE,
		       "no address of a defined symbol in " GB_EXPORTS_SECTION " at");
	ghost_fail_hex(error, offset);
	return false;
}

/* The name an export's first field points to: a string within one section. */
static bool export_name(const struct ghost_module *module, uint64_t entry, const char **name,
			struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	Elf64_Sym symbol;
	int64_t addend;
	if (!export_field(module, entry, &symbol, &addend, error))
		return false;
	Elf64_Shdr s = ghost_elf_section(&object->file, symbol.st_shndx);
	uint64_t at = symbol.st_value + (uint64_t)addend;
	if (s.sh_type != SHT_NOBITS && at < s.sh_size) {
		const char *start = (const char *)ghost_elf_section_bytes(&object->file, &s);
		for (uint64_t end = at; end < s.sh_size; end++) {
			if (start[end] == '\0') {
				*name = start + at;
				return true;
			}
		}
	}
	ghost_elf_fail(&object->file, error, GHOST_ERROR_EXPORT_TABLE,
		       "export name not a string within its section, entry at");
	ghost_fail_hex(error, entry);
	return false;
}

bool ghost_read_export(const struct ghost_module *module, uint32_t index,
		       struct ghost_symbol *export, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	Elf64_Shdr s = ghost_elf_section(&object->file, module->exports_section);
	uint64_t entry = (uint64_t)index * sizeof(struct gb_export);
	Elf64_Sym symbol;
	int64_t addend;
	if (!export_name(module, entry, &export->name, error) ||
	    !export_field(module, entry + offsetof(struct gb_export, address), &symbol, &addend,
			  error))
		return false;
	uint64_t section_offset = module->layout.section_offset[symbol.st_shndx];
	if (section_offset == GHOST_NOT_LOADED) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_EXPORT_TABLE,
			       "export of a symbol in a section not loaded:");
		ghost_fail_symbol(error, export->name);
		return false;
	}
	export->address = section_offset + symbol.st_value + (uint64_t)addend;
	export->function =
		(ghost_elf_section(&object->file, symbol.st_shndx).sh_flags & SHF_EXECINSTR) != 0;
	const uint8_t *bytes = ghost_elf_section_bytes(&object->file, &s) + (size_t)entry;
	__builtin_memcpy(&export->version, bytes + offsetof(struct gb_export, version),
			 sizeof export->version);
	__builtin_memcpy(&export->gate, bytes + offsetof(struct gb_export, gate),
			 sizeof export->gate);
	return true;
}

bool ghost_add_exports(const struct ghost_module *module, uint32_t owner,
		       struct ghost_symbol_table *table, struct ghost_error *error)
{
	for (uint32_t i = 0; i < module->export_count; i++) {
		struct ghost_symbol export = {
			.owner = owner,
			.owner_name = module->object.file.name,
			.isolated = module->mode != GHOST_LINK_DIRECT,
			.table_index = i,
		};
		if (!ghost_read_export(module, i, &export, error))
			return false;
		/* Everyone else calls an isolated module's function through
		 * its entry trampoline. */
		if (export.isolated && export.function)
			export.address = ghost_trampoline_offset(&module->layout, i);
		if (!ghost_symbols_add(table, &export, error))
			return false;
	}
	return true;
}
