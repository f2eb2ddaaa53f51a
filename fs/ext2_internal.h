/* What the pieces of the ext2/3/4 reader share: ext2.c (mount, open),
 * ext2_io.c (sectors), ext2_group.c (group descriptors), ext2_inode.c
 * (inodes), ext2_blockmap.c and ext2_extent.c (where a file's blocks are),
 * ext2_read.c (file data), ext2_dir.c (directories, paths), ext2_symlink.c
 * (link targets), ext2_crc32c.c. Not for use outside fs/ext2*.c. */
#ifndef GHOSTBOOT_FS_EXT2_INTERNAL_H
#define GHOSTBOOT_FS_EXT2_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/error.h"
#include "fs/ext2.h"
#include "fs/ext2_disk.h"

/* Symbolic links followed in one lookup, as Linux bounds them (MAXSYMLINKS). */
#define EXT2_MAX_SYMLINKS 8u

/* Records why a call failed; returns `error` for a one-line `return`. */
static inline int ext2_fail(struct ext2_volume *volume, int error, const char *detail)
{
	volume->detail = detail;
	return error;
}

static inline uint32_t ext2_block_size(const struct ext2_volume *volume)
{
	return (uint32_t)1 << volume->block_shift;
}

static inline bool ext2_is_directory(const struct ext2_file *file)
{
	return (file->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

static inline bool ext2_is_symlink(const struct ext2_file *file)
{
	return (file->i_mode & EXT2_S_IFMT) == EXT2_S_IFLNK;
}

/* ext2_io.c */
int ext2_read_device(struct ext2_volume *volume, uint64_t lba, uint32_t count, void *buffer);
/* Points `*data` at `length` (1 to 4096) bytes of the volume from byte `at`,
 * in the window; valid until the next call. */
int ext2_bytes(struct ext2_volume *volume, uint64_t at, uint32_t length, const uint8_t **data);
/* `length` bytes from byte `at` into `out`: whole sectors straight in, the ends through the window. */
int ext2_read_bytes(struct ext2_volume *volume, uint64_t at, uint8_t *out, uint64_t length);

/* ext2_crc32c.c: CRC-32C (Castagnoli) as ext4 keeps it, without the final inversion. */
uint32_t ext2_crc32c(uint32_t crc, const uint8_t *data, size_t length);

/* ext2_group.c: the first block of the inode table of `group`. */
int ext2_inode_table(struct ext2_volume *volume, uint32_t group, uint64_t *block);

/* ext2_inode.c: reads and checks inode `number` into `file`. */
int ext2_read_inode(struct ext2_volume *volume, uint32_t number, struct ext2_file *file);

/* ext2_blockmap.c and ext2_extent.c: the run holding file block `logical`.
 * Block maps stop scanning after `wanted` blocks; extents give the whole extent. */
int ext2_blockmap_find(struct ext2_volume *volume, const uint8_t *i_block, uint64_t logical,
		       uint64_t wanted, struct ext2_run *run);
int ext2_extent_find(struct ext2_volume *volume, const uint8_t *i_block, uint64_t logical,
		     struct ext2_run *run);
/* The blocks a block map can address: 12 direct, then three levels of indirection. */
uint64_t ext2_blockmap_limit(const struct ext2_volume *volume);

/* ext2_read.c: the run from file block `logical`, merged with the runs
 * after it that continue it on the disk, up to `wanted` blocks. */
int ext2_file_run(struct ext2_file *file, uint64_t logical, uint64_t wanted, struct ext2_run *run);

/* ext2_dir.c: the inode at `path`, symbolic links followed. */
int ext2_lookup(struct ext2_volume *volume, const char *path, struct ext2_file *node);

/* ext2_symlink.c: puts the target of `link` in front of `rest` in the
 * volume's path buffer; `*path` is the result. */
int ext2_follow_link(struct ext2_volume *volume, struct ext2_file *link, const char *rest,
		     const char **path);

#endif
