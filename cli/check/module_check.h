/* An entry's modules as stage 2 loads them (stage2/modules.c): each
 * `module` file, and each module a `modules` list names, read and checked
 * against its pin; an optional one that cannot be read is skipped with a
 * warning, a required one is an error. */
#ifndef GHOSTBOOT_CLI_CHECK_MODULE_CHECK_H
#define GHOSTBOOT_CLI_CHECK_MODULE_CHECK_H

#include "cli/check/files.h"
#include "cli/link/module_files.h"
#include "config/config.h"

/* Fills `modules` (each named by its path on the volume) with the modules
 * of `entry` that link against its kernel (`links_modules`, the entry's
 * protocol says); raw files are only read, for their presence and pins.
 * Returns 0, or -1 after the errors. */
int module_check_read(struct module_files *modules, const struct config *config,
		      const struct config_entry *entry, const struct check_files *files,
		      int links_modules);

/* Reads the entry's `initrd` files, for their presence and pins. Returns
 * 0, or -1 after the errors. */
int module_check_initrds(const struct config *config, const struct config_entry *entry,
			 const struct check_files *files);

#endif
