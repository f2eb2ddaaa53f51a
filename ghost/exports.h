/* A module's exports: its ".gbexports" entries (include/ghostboot/export.h),
 * read through their relocations before the module is linked. */
#ifndef GHOSTBOOT_GHOST_EXPORTS_H
#define GHOSTBOOT_GHOST_EXPORTS_H

#include "ghost/module.h"

/* Finds .gbexports and its relocations and counts the entries. */
bool ghost_find_exports(struct ghost_module *module, struct ghost_error *error);

/* Export entry `index` (below export_count): its name, version, gate word,
 * whether it is a function, and its offset in the module's image as the
 * address (the module is laid out, not placed). */
bool ghost_read_export(const struct ghost_module *module, uint32_t index,
		       struct ghost_symbol *export, struct ghost_error *error);

/* Adds each export to the table, with its offset in the module's image as
 * the address (the module is not placed yet; an isolated module's function:
 * its trampoline's); `owner` is its index. */
bool ghost_add_exports(const struct ghost_module *module, uint32_t owner,
		       struct ghost_symbol_table *table, struct ghost_error *error);

#endif
