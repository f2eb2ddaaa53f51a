/* Module files read for inspect and link, each named as stage 2 names it:
 * its file name without directory and extension. */
#ifndef GHOSTBOOT_CLI_LINK_MODULE_FILES_H
#define GHOSTBOOT_CLI_LINK_MODULE_FILES_H

#include <stdint.h>

#include "cli/common/file_bytes.h"
#include "ghost/ghost.h"

struct module_files {
	uint32_t count;
	struct file_bytes *files;
	struct ghost_module_file *modules; /* what ghost reads: bytes and name */
};

/* "dir/hello.gbm" gives "hello". Returns a new string, or 0 when out of
 * memory. */
char *module_name_of(const char *path);

/* Reads every file of `paths`. Returns 0, or -1 after an error. */
int module_files_read(struct module_files *modules, char *const *paths, uint32_t count);
void module_files_free(struct module_files *modules);

#endif
