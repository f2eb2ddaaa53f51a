/* Loading the module files an entry lists into memory for the kernel.
 * Linking them against the kernel's exports comes after this step. */
#ifndef GHOSTBOOT_STAGE2_MODULES_H
#define GHOSTBOOT_STAGE2_MODULES_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "config/config.h"
#include "fs/fs.h"
#include "stage2/strings.h"

#define MODULES_MAX 256
#define MODULE_LIST_MAX_SIZE (64 * 1024)

struct module_set {
	struct gb_module *modules; /* MODULES_MAX entries, in loader memory */
	uint32_t count;
	struct gb_module_runtime *runtime; /* count entries, as modules (module_data.h) */
};

struct file_set {
	struct gb_file *files; /* in loader memory */
	uint32_t count;
};

/* Loads the raw files (`file` lines) of `entry` as they are. A required one
 * that fails stops the boot; an optional one is skipped with a warning. */
void raw_files_load(struct fs_volume *volume, const struct config *config,
		    const struct config_entry *entry, struct string_pool *strings,
		    struct file_set *set);

/* Loads every module of `entry`, expanding `modules` list files in place.
 * A required module that fails stops the boot naming it and the reason; an
 * optional one is skipped with a warning. */
void modules_load(struct fs_volume *volume, const struct config *config,
		  const struct config_entry *entry, struct string_pool *strings,
		  struct module_set *set);

#endif
