/* Resolving imports. Only exports are visible: a module's undefined symbol
 * never binds to anything of the kernel or another module that was not
 * marked with GB_EXPORT. */
#include "ghost/imports.h"

#include <ghostboot/export.h>

#include "ghost/report.h"

bool ghost_resolve_imports(struct ghost_module *module, uint32_t index,
			   const struct ghost_symbol_table *table,
			   struct ghost_dependencies *dependencies, ghost_undefined_fn report,
			   void *report_context, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	bool resolved = true;
	module->imports[0] = NULL;
	for (uint32_t i = 1; i < object->symbol_count; i++) {
		Elf64_Sym symbol = ghost_object_symbol(object, i);
		module->imports[i] = NULL;
		if (symbol.st_shndx != SHN_UNDEF)
			continue;
		const char *name = ghost_object_symbol_name(object, &symbol);
		const struct ghost_symbol *export = ghost_resolve(table, name);
		if (export == NULL) {
			/* gABI "Symbol Table": an unresolved weak symbol is 0. */
			if (ELF64_ST_BIND(symbol.st_info) == STB_WEAK)
				continue;
			/* The error names the link's first undefined symbol;
			 * `report` hears of each. */
			if (error->status == GHOST_OK) {
				ghost_elf_fail(&object->file, error, GHOST_ERROR_UNDEFINED_SYMBOL,
					       "undefined symbol");
				ghost_fail_symbol(error, name);
			}
			if (report == NULL)
				return false;
			report(report_context, index, name);
			resolved = false;
			continue;
		}
		module->imports[i] = export;
		if (export->owner != GHOST_NO_MODULE && export->owner != index)
			ghost_dependency_add(dependencies, index, export->owner);
	}
	return resolved;
}

/* A relocation at the start of an entry of the section. */
static bool at_entry(const Elf64_Shdr *section, const Elf64_Rela *r)
{
	return r->r_offset < section->sh_size &&
	       ((size_t)r->r_offset & (sizeof(struct gb_import) - 1)) == 0;
}

bool ghost_find_import_table(const struct ghost_object *object, struct ghost_import_table *table,
			     struct ghost_error *error)
{
	uint32_t section_index, relocations_index;
	table->count = 0;
	if (!ghost_object_find_section(object, GB_IMPORTS_SECTION, &section_index, error) ||
	    !ghost_object_find_relocations(object, section_index, &relocations_index, error))
		return false;
	if (section_index == 0)
		return true;
	table->section = ghost_elf_section(&object->file, section_index);
	table->relocations = ghost_elf_section(&object->file, relocations_index);
	size_t count = relocations_index ? ghost_object_relocation_count(&table->relocations) : 0;
	/* One relocation an entry, each at an entry's start. */
	if (table->section.sh_type != SHT_PROGBITS ||
	    (size_t)table->section.sh_size % sizeof(struct gb_import) != 0 ||
	    count != (size_t)table->section.sh_size / sizeof(struct gb_import))
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_IMPORT_TABLE,
				      "malformed " GB_IMPORTS_SECTION " section");
	table->entries = ghost_elf_section_bytes(&object->file, &table->section);
	table->count = count;
	return true;
}

bool ghost_read_import(const struct ghost_object *object, const struct ghost_import_table *table,
		       size_t index, uint32_t *symbol_index, uint32_t *version,
		       struct ghost_error *error)
{
	Elf64_Rela r = ghost_object_relocation(object, &table->relocations, index);
	if (!at_entry(&table->section, &r))
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_IMPORT_TABLE,
				      "malformed " GB_IMPORTS_SECTION " section");
	*symbol_index = ELF64_R_SYM(r.r_info);
	if (ELF64_R_TYPE(r.r_info) != R_X86_64_64 || *symbol_index == 0 ||
	    *symbol_index >= object->symbol_count ||
	    ghost_object_symbol(object, *symbol_index).st_shndx != SHN_UNDEF) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_IMPORT_TABLE,
			       "a " GB_IMPORTS_SECTION " entry names no import, at");
		ghost_fail_hex(error, r.r_offset);
		return false;
	}
	__builtin_memcpy(version,
			 table->entries + (size_t)r.r_offset + offsetof(struct gb_import, version),
			 sizeof *version);
	return true;
}

bool ghost_check_import_versions(const struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	struct ghost_import_table table;
	if (!ghost_find_import_table(object, &table, error))
		return false;
	for (size_t i = 0; i < table.count; i++) {
		uint32_t symbol_index, version;
		if (!ghost_read_import(object, &table, i, &symbol_index, &version, error))
			return false;
		/* NULL: an undefined weak symbol nobody exports. */
		const struct ghost_symbol *import = module->imports[symbol_index];
		if (import == NULL || import->version == version)
			continue;
		Elf64_Sym symbol = ghost_object_symbol(object, symbol_index);
		ghost_elf_fail(&object->file, error, GHOST_ERROR_VERSION_MISMATCH,
			       "built against version");
		ghost_fail_number(error, version);
		ghost_append(error, " of");
		ghost_fail_symbol(error, ghost_object_symbol_name(object, &symbol));
		ghost_append(error, ", but ");
		ghost_append(error, import->owner_name);
		ghost_append(error, " exports version ");
		ghost_append_number(error, import->version);
		return false;
	}
	return true;
}
