/* A module's declaration: its struct gb_module_info in ".gbmodinfo"
 * (include/ghostboot/module.h); a program's entry, its `main`. */
#ifndef GHOSTBOOT_GHOST_MODINFO_H
#define GHOSTBOOT_GHOST_MODINFO_H

#include "ghost/module.h"

/* Finds .gbmodinfo: one loaded section holding one struct gb_module_info
 * with the magic and ABI version this linker knows. A program needs none:
 * it must define a global `main` in an executable section instead, and
 * export nothing. */
bool ghost_find_module_info(struct ghost_module *module, struct ghost_error *error);

/* The init and exit addresses from the relocated declaration (a program:
 * main, and 0); init must not be 0. */
bool ghost_read_module_entry(const struct ghost_module *module, uint64_t *init, uint64_t *exit,
			     struct ghost_error *error);

#endif
