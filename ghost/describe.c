/* A module's name, imports and exports, for `ghostboot inspect`: read with
 * the linker's own checks, so that what inspect accepts, a link reads. */
#include <ghostboot/module.h>

#include "ghost/exports.h"
#include "ghost/ghost.h"
#include "ghost/imports.h"
#include "ghost/modinfo.h"
#include "ghost/report.h"

/* The name in the module's struct gb_module_info: NUL-terminated within
 * its field, and not empty. */
static bool declared_name(const struct ghost_module *module, const char **name,
			  struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	Elf64_Shdr s = ghost_elf_section(&object->file, module->info_section);
	const char *field = (const char *)ghost_elf_section_bytes(&object->file, &s) +
			    offsetof(struct gb_module_info, name);
	for (uint32_t i = 0; i < GB_MODULE_NAME_MAX; i++) {
		if (field[i] != '\0')
			continue;
		if (i == 0)
			break;
		*name = field;
		return true;
	}
	return ghost_elf_fail(&object->file, error, GHOST_ERROR_MODULE_INFO,
			      "the name in " GB_MODULE_INFO_SECTION
			      " is empty or not NUL-terminated");
}

/* The version the module states for symbol `index`, 0 when none; the table
 * was checked whole by check_imports. */
static uint32_t stated_version(const struct ghost_object *object,
			       const struct ghost_import_table *table, uint32_t index)
{
	for (size_t i = 0; i < table->count; i++) {
		uint32_t symbol_index, version;
		struct ghost_error ignored;
		if (ghost_read_import(object, table, i, &symbol_index, &version, &ignored) &&
		    symbol_index == index)
			return version;
	}
	return 0;
}

static bool check_imports(const struct ghost_object *object, const struct ghost_import_table *table,
			  struct ghost_error *error)
{
	for (size_t i = 0; i < table->count; i++) {
		uint32_t symbol_index, version;
		if (!ghost_read_import(object, table, i, &symbol_index, &version, error))
			return false;
	}
	return true;
}

static void report_imports(const struct ghost_describe_request *request,
			   const struct ghost_object *object, const struct ghost_import_table *table)
{
	for (uint32_t i = 1; i < object->symbol_count; i++) {
		Elf64_Sym symbol = ghost_object_symbol(object, i);
		if (symbol.st_shndx != SHN_UNDEF)
			continue;
		struct ghost_module_symbol import = {
			.name = ghost_object_symbol_name(object, &symbol),
			.version = stated_version(object, table, i),
			.weak = ELF64_ST_BIND(symbol.st_info) == STB_WEAK,
		};
		if (request->on_import)
			request->on_import(request->context, &import);
	}
}

static bool check_exports(const struct ghost_module *module, struct ghost_error *error)
{
	for (uint32_t i = 0; i < module->export_count; i++) {
		struct ghost_symbol export;
		if (!ghost_read_export(module, i, &export, error))
			return false;
	}
	return true;
}

/* Each export, checked whole by check_exports. */
static void report_exports(const struct ghost_describe_request *request,
			   const struct ghost_module *module)
{
	for (uint32_t i = 0; i < module->export_count; i++) {
		struct ghost_symbol export;
		struct ghost_error ignored;
		if (!ghost_read_export(module, i, &export, &ignored))
			continue;
		struct ghost_module_symbol described = {
			.name = export.name,
			.version = export.version,
			.offset = export.address,
		};
		if (request->on_export)
			request->on_export(request->context, &described);
	}
}

bool ghost_describe_module(const struct ghost_describe_request *request, const char **name,
			   struct ghost_error *error)
{
	const struct ghost_module_file *file = &request->module;
	struct ghost_module module = { .mode = GHOST_LINK_DIRECT };
	struct ghost_import_table imports;
	ghost_clear_error(error);
	if (!ghost_object_read(&module.object, file->bytes, file->size, file->name, 0, error))
		return false;
	/* The layout's one offset per section, in the 8-aligned workspace. */
	size_t skip = (size_t)(-(uintptr_t)request->workspace & 7);
	uint64_t needed = (uint64_t)module.object.file.header.e_shnum * sizeof(uint64_t);
	if (request->workspace_size < skip || needed > request->workspace_size - skip)
		return ghost_fail(error, GHOST_ERROR_WORKSPACE, GHOST_NO_MODULE, "ghost",
				  "workspace too small: ghost_workspace_bound gives the size");
	uint64_t *section_offset = (uint64_t *)((uint8_t *)request->workspace + skip);
	if (!ghost_layout_sections(&module.object, GHOST_LINK_DIRECT, section_offset,
				   &module.layout, error) ||
	    !ghost_find_module_info(&module, error) || !declared_name(&module, name, error) ||
	    !ghost_find_exports(&module, error) ||
	    !ghost_find_import_table(&module.object, &imports, error) ||
	    !check_imports(&module.object, &imports, error) || !check_exports(&module, error))
		return false;
	report_imports(request, &module.object, &imports);
	report_exports(request, &module);
	return true;
}
