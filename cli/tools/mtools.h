/* Putting files into a FAT partition of an image with mtools, which reads
 * and writes the image directly: no root, no loop device. */
#ifndef GHOSTBOOT_CLI_TOOLS_MTOOLS_H
#define GHOSTBOOT_CLI_TOOLS_MTOOLS_H

#include <stdint.h>

struct fat_target {
	char *image_spec;   /* "IMAGE@@OFFSET", mtools' name for a partition */
	char **directories; /* made so far: mmd fails on one that exists */
	unsigned directory_count;
};

/* The FAT volume at byte `offset` of `image`. Returns 0, or -1 after an error. */
int fat_target_open(struct fat_target *target, const char *image, uint64_t offset);
void fat_target_close(struct fat_target *target);

/* Copies the host file `source` to the absolute path `destination` on the
 * volume, making its directories and replacing a file there. The caller
 * has checked the path (payload.h). Returns 0, or -1 after an error. */
int fat_target_copy(struct fat_target *target, const char *source, const char *destination);

/* Tells the target that the directory `path` exists on the volume already,
 * so that a copy does not try to make it. Returns 0, or -1 after an error. */
int fat_target_have_directory(struct fat_target *target, const char *path);

/* Removes the file (`directory` 0) or empty directory (1) at `path`.
 * Returns 0, or -1 after an error. */
int fat_target_remove(struct fat_target *target, const char *path, int directory);

#endif
