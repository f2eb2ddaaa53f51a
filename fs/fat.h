/* The FAT12/16/32 reader behind fs/fs.h. No allocation: a mounted volume
 * carries its own sector buffer and a window of the FAT. */
#ifndef GHOSTBOOT_FS_FAT_H
#define GHOSTBOOT_FS_FAT_H

#include <stdint.h>

#include "fs/blockdev.h"

#define FAT_MAX_SECTOR_SIZE 4096u
/* Bytes of the FAT kept in memory: one read brings in this much, enough for
 * 2048 FAT32 or 4096 FAT16 entries, so walking a chain rarely touches the
 * disk. As large as fits in struct fs_volume beside ext's larger buffers
 * (fs/fs.h), so it costs stage 2 no memory; a power of two. */
#define FAT_CACHE_SIZE 8192u

enum fat_type { FAT_TYPE_12 = 12, FAT_TYPE_16 = 16, FAT_TYPE_32 = 32 };

struct fat_volume {
	struct blockdev dev; /* a copy: callers may pass a short-lived slice */
	const char *detail;  /* why the last call failed, a static phrase or 0 */
	char detail_text[BLOCKDEV_ERROR_TEXT_SIZE]; /* a `detail` made up at run time (a failing LBA) */
	enum fat_type type;

	uint32_t bytes_per_sector;    /* the BPB's logical sector */
	uint8_t sector_shift;         /* log2(bytes_per_sector) */
	uint8_t device_shift;         /* log2(logical sector / device sector) */
	uint8_t device_sector_shift;  /* log2(device sector) */
	uint8_t cluster_sector_shift; /* log2(sectors per cluster) */
	uint8_t cluster_shift;        /* log2(bytes per cluster) */

	/* Layout, in logical sectors from the start of the volume. */
	uint32_t total_sectors;
	uint32_t fat_start;   /* of the FAT we read (FAT32 may name one active FAT) */
	uint32_t fat_sectors; /* of one FAT */
	uint32_t root_start;  /* FAT12/16: the fixed root directory */
	uint32_t root_sectors;
	uint32_t root_entries;
	uint32_t root_cluster; /* FAT32: first cluster of the root directory */
	uint32_t data_start;   /* cluster 2 */
	uint32_t cluster_count; /* valid cluster numbers are 2 .. cluster_count + 1 */

	/* Device sectors [buffer_lba, buffer_lba + buffer_count) are in `buffer`. */
	uint64_t buffer_lba;
	uint32_t buffer_count;
	/* FAT sectors [cache_first, cache_first + cache_count), relative to fat_start. */
	uint32_t cache_first;
	uint32_t cache_count;

	_Alignas(16) uint8_t buffer[FAT_MAX_SECTOR_SIZE];
	_Alignas(16) uint8_t cache[FAT_CACHE_SIZE];
};

struct fat_file {
	struct fat_volume *volume;
	uint32_t size;
	uint32_t first_cluster; /* 0 for an empty file */
	uint32_t chain_length;  /* clusters in the chain, checked at open */
	uint32_t first_run;     /* clusters from the first one that lie back to back */
	/* The last cluster reached, so sequential reads continue from it. */
	uint32_t position_index;
	uint32_t position_cluster; /* 0: none yet */
};

/* Recognises a FAT volume on `dev` (from its BPB, the type from the cluster
 * count) and checks its layout. Returns 0 or a negative enum fs_error with
 * `volume->detail` naming the problem. */
int fat_mount(struct fat_volume *volume, const struct blockdev *dev);

/* Opens the regular file at an absolute path. Names match their long or
 * their 8.3 form, ASCII letters in any case. The file keeps a pointer to
 * `volume`. */
int fat_open(struct fat_volume *volume, const char *path, struct fat_file *file);

/* Reads up to `length` bytes at `offset`; returns the count, short only at
 * the end of the file, or a negative enum fs_error. */
int64_t fat_read(struct fat_file *file, uint64_t offset, void *buffer, uint64_t length);

/* "FAT12", "FAT16" or "FAT32". */
const char *fat_type_name(const struct fat_volume *volume);

#endif
