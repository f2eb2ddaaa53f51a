/* A module's imports: its undefined symbols, resolved by name, and the
 * versions it states for them in ".gbimports". */
#ifndef GHOSTBOOT_GHOST_IMPORTS_H
#define GHOSTBOOT_GHOST_IMPORTS_H

#include "module.h"
#include "order.h"

/* Resolves every undefined symbol of module `index` through the table and
 * records whom it imports from. An undefined weak symbol nobody exports is
 * 0; any other is an error naming it. */
bool ghost_resolve_imports(struct ghost_module *module, uint32_t index,
			   const struct ghost_symbol_table *table,
			   struct ghost_dependencies *dependencies, struct ghost_error *error);

/* Checks each struct gb_import of the module against the version of the
 * export its symbol resolved to. */
bool ghost_check_import_versions(const struct ghost_module *module, struct ghost_error *error);

#endif
