/* Which gates an isolated module or a program gets, and what isolation
 * refuses to give across privilege (docs/isolation.md). */
#ifndef GHOSTBOOT_GHOST_GATES_H
#define GHOSTBOOT_GHOST_GATES_H

#include "ghost/module.h"

/* After its imports are resolved: an isolated module or a program gets one
 * gate per distinct export it imports, in symbol table order, each export
 * a function declaring its gate (for a program, offered to programs). A
 * direct module may call an isolated module's functions but not import
 * its data. */
bool ghost_assign_gates(struct ghost_module *module, struct ghost_error *error);

/* The kernel's GB_ISOLATION_ENTRY_SYMBOL, which every trampoline jumps to;
 * a link with an isolated module or a program fails without it, naming
 * `module`. */
bool ghost_find_isolation_entry(const struct ghost_symbol_table *table,
				const struct ghost_module *module, uint64_t *entry,
				struct ghost_error *error);

#endif
