/* Making the filesystem of an image mkimage builds: mkfs.fat, or mke2fs
 * filling the volume from a staging directory (-d). No root, no loop
 * device: both tools write the image file at an offset. */
#ifndef GHOSTBOOT_MKIMAGE_MKFS_H
#define GHOSTBOOT_MKIMAGE_MKFS_H

#include <stdint.h>

#include "mkimage/contents.h"
#include "mkimage/format.h"
#include "mkimage/reproducible.h"

/* A FAT volume at `volume` in the image `path`. `reserved_sectors` (0: the
 * tool's default) makes room for stage 2 before the first FAT on a volume
 * without a partition table; `repro` fixes the volume id and the label's
 * time when enabled. Returns 0, or -1 after an error. */
int mkfs_fat(const char *path, enum format_fs fs, const struct format_volume *volume,
	     uint32_t reserved_sectors, const struct reproducible *repro);

/* An ext2 or ext4 volume at `volume` in the image `path`, holding the tree
 * under `staging` (the files of `contents`); `repro` fixes its UUID, hash
 * seed and every inode's times when enabled. Returns 0, or -1 after an
 * error. */
int mkfs_ext(const char *path, enum format_fs fs, const struct format_volume *volume,
	     const char *staging, const struct contents *contents,
	     const struct reproducible *repro);

#endif
