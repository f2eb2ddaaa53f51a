/* The module table in the boot info: printing it and checking that every
 * module file arrived intact. linked_modules.h takes over the linked images. */
#ifndef KERNEL_MODULES_H
#define KERNEL_MODULES_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "kernel/memmap.h"

#define MODULES_MAX 1024 /* a larger count is corrupt */

struct module_table {
	const struct gb_module *entries;
	uint32_t count;
	const struct gb_module_runtime *runtime; /* one per entry; NULL when none */
};

/* Finds the table: at most MODULES_MAX entries, 8-byte aligned below 4 GiB;
 * and the module runtime beside it, when the loader gave one. */
bool modules_get(const struct gb_bootinfo *bi, struct module_table *table, char *why);

void modules_print(const struct module_table *table);

/* For every module: a name and path, its bytes below 4 GiB in loader memory,
 * overlapping neither the kernel nor another module, and a well-formed module
 * object declaring the same name (module_image.h). A module linked into the
 * kernel at build time (GB_MODULE_PRELINKED, file_addr 0) has no file to
 * check. Prints a line per module. */
bool modules_check(const struct gb_bootinfo *bi, const struct module_table *table,
		   const struct memmap *map, char *why);

#endif
