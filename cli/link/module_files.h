/* Module files read for inspect, link and check, each named as stage 2
 * names it (its file name without directory and extension) unless the
 * caller names it otherwise. */
#ifndef GHOSTBOOT_CLI_LINK_MODULE_FILES_H
#define GHOSTBOOT_CLI_LINK_MODULE_FILES_H

#include <stdint.h>

#include "cli/common/file_bytes.h"
#include "ghost/ghost.h"

struct module_files {
	uint32_t count, capacity;
	struct file_bytes *files;
	struct ghost_module_file *modules; /* what ghost reads: bytes and name */
	uint8_t *optional; /* 1: stage 2 skips it, with a warning, when it fails */
};

/* "dir/hello.gbm" gives "hello". Returns a new string, or 0 when out of
 * memory. */
char *module_name_of(const char *path);

/* Room for `capacity` modules. Returns 0, or -1 after an error. */
int module_files_init(struct module_files *modules, uint32_t capacity);

/* Appends `file` (taken over: freed with the set) under `name` (copied).
 * Returns 0, or -1 after an error, having freed `file`. */
int module_files_take(struct module_files *modules, struct file_bytes *file, const char *name,
		      int optional);

/* Removes module `index`, keeping the order of the others. */
void module_files_drop(struct module_files *modules, uint32_t index);

/* Reads every file of `paths`. Returns 0, or -1 after an error. */
int module_files_read(struct module_files *modules, char *const *paths, uint32_t count);
void module_files_free(struct module_files *modules);

#endif
