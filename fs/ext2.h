/* The read-only ext2/ext3/ext4 reader behind fs/fs.h. No allocation: a
 * mounted volume carries a window of device sectors for metadata and the
 * unaligned ends of reads, and room to splice symbolic link targets into a path. */
#ifndef GHOSTBOOT_FS_EXT2_H
#define GHOSTBOOT_FS_EXT2_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/blockdev.h"

/* Device sectors of at most 4096 bytes; the window holds two of them, so
 * any 4096 bytes of the disk fit it whatever their alignment. */
#define EXT2_MAX_SECTOR_SIZE 4096u
#define EXT2_BUFFER_SIZE (2 * EXT2_MAX_SECTOR_SIZE)
/* A path with its symbolic links spliced in, as Linux bounds it (PATH_MAX). */
#define EXT2_PATH_MAX 4096u

/* What the features make of the volume, for its name. */
enum ext2_flavor { EXT2_FLAVOR_EXT2 = 2, EXT2_FLAVOR_EXT3 = 3, EXT2_FLAVOR_EXT4 = 4 };

struct ext2_volume {
	struct blockdev dev; /* a copy: callers may pass a short-lived slice */
	const char *detail;  /* why the last call failed, a static phrase or 0 */
	char detail_text[48]; /* a `detail` made up at run time: an unknown feature's flag, a failing LBA */
	enum ext2_flavor flavor;

	uint8_t block_shift;         /* log2(block size), 10 to 16 */
	uint8_t device_sector_shift; /* log2(device sector) */
	uint64_t blocks_count;
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t inodes_count;
	uint32_t first_ino; /* the first inode that is not reserved */
	uint32_t inode_size;
	uint32_t group_count;
	uint32_t desc_size;     /* bytes of one group descriptor */
	uint32_t first_meta_bg; /* meta_bg: groups from here keep descriptors in their meta group */
	uint32_t backup_bgs[2]; /* sparse_super2: the two groups with superblock backups */
	uint32_t feature_compat;
	uint32_t feature_incompat;
	uint32_t feature_ro_compat;

	/* The inode table of the group last looked up (0: none yet): a path's
	 * inodes mostly share a group, so each need not bring its descriptor back. */
	uint64_t table_block;
	uint32_t table_group;

	/* Device sectors [buffer_lba, buffer_lba + buffer_count) are in `buffer`. */
	uint64_t buffer_lba;
	uint32_t buffer_count;

	char path[EXT2_PATH_MAX];
	_Alignas(16) uint8_t buffer[EXT2_BUFFER_SIZE];
};

/* A stretch of a file's blocks: `length` blocks from file block `logical`
 * lie back to back on the disk from block `physical`, or read as zeros (a
 * hole, an uninitialized extent). */
struct ext2_run {
	uint64_t logical;
	uint64_t length; /* 0: no run */
	uint64_t physical;
	bool zero;
};

/* An open inode: a file, a directory or a symbolic link. */
struct ext2_file {
	struct ext2_volume *volume;
	uint64_t size;
	uint32_t inode; /* its number */
	uint32_t i_flags;
	uint16_t i_mode;
	uint8_t i_block[60]; /* the block map or the extent tree's root, as on disk */
	struct ext2_run run; /* the last run found, so reads in order need no lookup */
};

/* Recognises an ext2/ext3/ext4 volume on `dev` from its superblock, checks
 * its geometry and refuses features it cannot read. Returns 0 or a negative
 * enum fs_error with `volume->detail` naming the problem. */
int ext2_mount(struct ext2_volume *volume, const struct blockdev *dev);

/* Opens the regular file at an absolute path, following symbolic links.
 * Names compare byte for byte. The file keeps a pointer to `volume`. */
int ext2_open(struct ext2_volume *volume, const char *path, struct ext2_file *file);

/* Reads up to `length` bytes at `offset`; returns the count, short only at
 * the end of the file, or a negative enum fs_error. */
int64_t ext2_read(struct ext2_file *file, uint64_t offset, void *buffer, uint64_t length);

#endif
