/* Where the check finds the files a configuration names: on an image or
 * device (read with stage 2's own fs/ readers), in a directory, or among
 * the host files mkimage is about to put on an image. */
#ifndef GHOSTBOOT_CLI_CHECK_FILES_H
#define GHOSTBOOT_CLI_CHECK_FILES_H

#include "cli/common/file_bytes.h"
#include "config/config.h"

struct check_files {
	/* Reads the file at `path` (absolute on the boot volume) whole into
	 * `file`, whose path becomes `path`. Returns 0, or -1 with `*why`, a
	 * short phrase ("file not found"); prints nothing. */
	int (*read)(void *context, const char *path, struct file_bytes *file, const char **why);
	void *context;
};

/* Reads the file `ref` names and checks it against its sha256= pin, as
 * stage 2 does. Returns 0, or -1 with `*why`. */
int check_files_read(const struct check_files *files, const struct config_file *ref,
		     struct file_bytes *file, const char **why);

#endif
