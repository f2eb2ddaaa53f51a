/* What the pieces of the FAT reader share: fat.c (mount, open), fat_io.c
 * (sectors), fat_table.c (the FAT and cluster chains), fat_dir.c (directories
 * and names), fat_read.c (file data). Not for use outside fs/fat*.c. */
#ifndef GHOSTBOOT_FS_FAT_INTERNAL_H
#define GHOSTBOOT_FS_FAT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/error.h"
#include "fs/fat.h"
#include "fs/fat_disk.h"

/* fat_next_cluster's answer at the end of a chain. */
#define FAT_CHAIN_END 0xFFFFFFFFu

/* Records why a call failed; returns `error` for a one-line `return`. */
static inline int fat_fail(struct fat_volume *volume, int error, const char *detail)
{
	volume->detail = detail;
	return error;
}

static inline bool fat_cluster_valid(const struct fat_volume *volume, uint32_t cluster)
{
	return cluster >= 2 && cluster - 2 < volume->cluster_count;
}

static inline uint32_t fat_cluster_bytes(const struct fat_volume *volume)
{
	return (uint32_t)1 << volume->cluster_shift;
}

/* The first logical sector of a valid cluster. */
static inline uint32_t fat_cluster_sector(const struct fat_volume *volume, uint32_t cluster)
{
	return volume->data_start + ((cluster - 2) << volume->cluster_sector_shift);
}

/* The device sector where a logical sector starts. */
static inline uint64_t fat_device_lba(const struct fat_volume *volume, uint32_t sector)
{
	return (uint64_t)sector << volume->device_shift;
}

/* fat_io.c */
int fat_read_device(struct fat_volume *volume, uint64_t lba, uint32_t count, void *buffer);
const uint8_t *fat_read_buffered(struct fat_volume *volume, uint64_t lba, uint32_t count);

/* fat_table.c */
/* The FAT's entry for `cluster`, as it is: 0 marks a free cluster. */
int fat_table_entry(struct fat_volume *volume, uint32_t cluster, uint32_t *entry);
int fat_next_cluster(struct fat_volume *volume, uint32_t cluster, uint32_t *next);

struct fat_chain {
	uint32_t length;    /* clusters */
	uint32_t first_run; /* clusters back to back from the first */
};
/* Walks a whole chain, which must hold at most `max_length` clusters (else
 * FS_ERR_CORRUPT with `too_long` as the detail) and must not loop. */
int fat_measure_chain(struct fat_volume *volume, uint32_t first, uint32_t max_length,
		      const char *too_long, struct fat_chain *chain);

/* fat_dir.c */
struct fat_node {
	bool is_directory;
	uint32_t first_cluster; /* 0: the FAT12/16 fixed root directory */
	uint32_t size;
};
int fat_lookup(struct fat_volume *volume, const char *path, struct fat_node *node);

#endif
