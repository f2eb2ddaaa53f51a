/* A module's imports: its undefined symbols, resolved by name, and the
 * versions it states for them in ".gbimports". */
#ifndef GHOSTBOOT_GHOST_IMPORTS_H
#define GHOSTBOOT_GHOST_IMPORTS_H

#include "ghost/module.h"
#include "ghost/order.h"

/* Resolves every undefined symbol of module `index` through the table and
 * records whom it imports from. An undefined weak symbol nobody exports is
 * 0; any other is an error naming it. Without `report` it stops there;
 * with it, it calls `report` for each such symbol and goes on, and fails
 * at the end. *error names the first of the link (it is filled only while
 * its status is GHOST_OK). */
bool ghost_resolve_imports(struct ghost_module *module, uint32_t index,
			   const struct ghost_symbol_table *table,
			   struct ghost_dependencies *dependencies, ghost_undefined_fn report,
			   void *report_context, struct ghost_error *error);

/* The ".gbimports" entries of a module: none when it has no section. */
struct ghost_import_table {
	Elf64_Shdr section;
	Elf64_Shdr relocations;
	const uint8_t *entries;
	size_t count;
};

/* Finds .gbimports and checks its shape: one R_X86_64_64 relocation an
 * entry. */
bool ghost_find_import_table(const struct ghost_object *object, struct ghost_import_table *table,
			     struct ghost_error *error);

/* Entry `index` (below table->count): the undefined symbol it names and
 * the version stated for it. */
bool ghost_read_import(const struct ghost_object *object, const struct ghost_import_table *table,
		       size_t index, uint32_t *symbol_index, uint32_t *version,
		       struct ghost_error *error);

/* Checks each struct gb_import of the module against the version of the
 * export its symbol resolved to. */
bool ghost_check_import_versions(const struct ghost_module *module, struct ghost_error *error);

#endif
