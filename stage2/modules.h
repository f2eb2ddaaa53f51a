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
#define PROGRAMS_MAX 64
#define MODULE_LIST_MAX_SIZE (64 * 1024)

struct module_set {
	struct gb_module *modules; /* MODULES_MAX entries, in loader memory */
	uint32_t count;
	struct gb_module_runtime *runtime; /* count entries, as modules (module_runtime_allocate) */
};

/* The entry's programs (docs/isolation.md): loaded like modules, then
 * linked with them into the boot information's programs array. */
struct program_set {
	struct gb_module *loaded;    /* PROGRAMS_MAX: each file, named as a module */
	struct gb_program *programs; /* PROGRAMS_MAX: filled once linked */
	uint32_t count;
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

/* Loads every module of `entry`, expanding `modules` list files in place,
 * flagged GB_MODULE_ISOLATED as the entry's `isolation` and their lines say.
 * A required module that fails stops the boot naming it and the reason; an
 * optional one is skipped with a warning. */
void modules_load(struct fs_volume *volume, const struct config *config,
		  const struct config_entry *entry, struct string_pool *strings,
		  struct module_set *set);

/* Loads every `program` line of `entry`; a required program that fails
 * stops the boot, an optional one is skipped with a warning. */
void programs_load(struct fs_volume *volume, const struct config *config,
		   const struct config_entry *entry, struct string_pool *strings,
		   struct program_set *set);

/* Gives `set` its module_runtime array: one zeroed entry per module, in the
 * table's final order (after prelinked_prepend). Call once. */
void module_runtime_allocate(struct module_set *set);

#endif
