/* Changing an ext2/3/4 volume in an image or on a device with debugfs
 * (e2fsprogs), which writes it directly: no root, no mount, no loop device. */
#ifndef GHOSTBOOT_CLI_TOOLS_DEBUGFS_H
#define GHOSTBOOT_CLI_TOOLS_DEBUGFS_H

#include <stdint.h>

struct ext_target {
	char *device; /* "IMAGE", or "IMAGE?offset=BYTES" for a volume inside it */
};

/* The ext volume at byte `offset` of `image`. Returns 0, or -1 after an
 * error (debugfs cannot take a file name holding '?'). */
int ext_target_open(struct ext_target *target, const char *image, uint64_t offset);
void ext_target_close(struct ext_target *target);

/* Runs the debugfs commands of `script`, one a line, read-only or with
 * `writable`; `output` (or 0) receives what they printed, each command's
 * output after an echo line "debugfs: COMMAND". debugfs reports a failed
 * command only in words, so callers check the result. Returns 0, or -1
 * after an error. */
int ext_target_run(const struct ext_target *target, const char *script, int writable,
		   char **output);

/* Whether `path` can be named in a debugfs command: no blanks, quotes or
 * control characters, which its command parser would split or strip. */
int ext_target_safe_name(const char *path);

#endif
