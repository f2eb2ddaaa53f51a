/* The file API every filesystem reader sits behind: mount a volume, open a
 * path, read at an offset. No allocation: callers own every structure. */
#ifndef GHOSTBOOT_FS_FS_H
#define GHOSTBOOT_FS_FS_H

#include <stdint.h>

#include "fs/blockdev.h"
#include "fs/error.h"
#include "fs/ext2.h"
#include "fs/fat.h"

/* ext2, ext3 and ext4 are one reader; the kind names what the features make of the volume. */
enum fs_kind { FS_KIND_NONE, FS_KIND_FAT, FS_KIND_EXT2, FS_KIND_EXT3, FS_KIND_EXT4 };

struct fs_volume {
	enum fs_kind kind;
	/* Why the last call failed, in words, when the error code alone is too
	 * little (FS_ERR_CORRUPT, FS_ERR_UNSUPPORTED); a static string, or
	 * text kept in the volume (the flag of an unknown ext4 feature). */
	const char *detail;
	union {
		struct fat_volume fat;
		struct ext2_volume ext2;
	} u;
};

struct fs_file {
	struct fs_volume *volume;
	uint64_t size;
	union {
		struct fat_file fat;
		struct ext2_file ext2;
	} u;
};

/* Recognises the filesystem on `dev` (FAT, else ext2/3/4) and prepares it for reading. */
int fs_mount(struct fs_volume *volume, const struct blockdev *dev);

/* Opens the regular file at an absolute path ("/boot/kernel.elf").
 * Components are separated by '/'; FAT compares names case-insensitively,
 * ext exactly, following symbolic links. */
int fs_open(struct fs_volume *volume, const char *path, struct fs_file *file);

/* Reads up to `length` bytes at `offset`. Returns the number of bytes read,
 * short only at the end of the file, or a negative enum fs_error. */
int64_t fs_read(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length);

const char *fs_kind_name(enum fs_kind kind);

/* The words for the last failure on `volume`: its detail when it has one
 * ("I/O error at LBA 2050", "directory entry length is invalid"), else
 * fs_strerror(error). */
const char *fs_error_text(const struct fs_volume *volume, int error);

#endif
