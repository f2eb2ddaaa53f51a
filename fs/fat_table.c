/* The file allocation table: entries, through a window of FAT sectors kept
 * in memory, and whole cluster chains, walked with a loop check. */
#include "fs/fat_internal.h"

/* The FAT byte at `offset`, loading the aligned window of FAT_CACHE_SIZE
 * bytes around it on a miss. Callers stay inside the FAT (mount checked that
 * it is large enough for every valid cluster). */
static int fat_table_byte(struct fat_volume *volume, uint32_t offset, uint8_t *byte)
{
	uint32_t sector = offset >> volume->sector_shift;

	if (volume->cache_count == 0 || sector < volume->cache_first ||
	    sector - volume->cache_first >= volume->cache_count) {
		uint32_t window = FAT_CACHE_SIZE >> volume->sector_shift;
		uint32_t first = sector & ~(window - 1);
		uint32_t count = volume->fat_sectors - first < window ? volume->fat_sectors - first
								      : window;

		volume->cache_count = 0;
		/* A FAT sector this lookup does not need must not fail it: on an
		 * error, only the one holding the byte is read. */
		if (blockdev_read(&volume->dev, fat_device_lba(volume, volume->fat_start + first),
				  count << volume->device_shift, volume->cache) != 0) {
			first = sector;
			count = 1;
			if (fat_read_device(volume, fat_device_lba(volume, volume->fat_start + first),
					    (uint32_t)1 << volume->device_shift, volume->cache) != FS_OK)
				return FS_ERR_IO;
		}
		volume->cache_first = first;
		volume->cache_count = count;
	}
	*byte = volume->cache[offset - (volume->cache_first << volume->sector_shift)];
	return FS_OK;
}

/* The raw FAT entry of `cluster` ("FAT Entry" in "FAT Data Structure"). A
 * FAT12 entry is 12 bits at byte n + n/2 and may straddle two sectors. */
int fat_table_entry(struct fat_volume *volume, uint32_t cluster, uint32_t *entry)
{
	uint8_t b[4] = { 0, 0, 0, 0 };
	uint32_t width = volume->type == FAT_TYPE_32 ? 4 : 2;
	uint32_t offset = volume->type == FAT_TYPE_12 ? cluster + (cluster >> 1) : cluster * width;
	uint32_t i;

	for (i = 0; i < width; i++) {
		int error = fat_table_byte(volume, offset + i, &b[i]);
		if (error != FS_OK)
			return error;
	}

	*entry = fat_le32(b);
	if (volume->type == FAT_TYPE_12)
		*entry = (cluster & 1) ? *entry >> 4 : *entry & 0x0FFFu;
	else if (volume->type == FAT_TYPE_32)
		*entry &= 0x0FFFFFFFu; /* the high 4 bits are reserved */
	return FS_OK;
}

int fat_next_cluster(struct fat_volume *volume, uint32_t cluster, uint32_t *next)
{
	uint32_t bad = volume->type == FAT_TYPE_12 ? 0x0FF7u
		       : volume->type == FAT_TYPE_16 ? 0xFFF7u
						     : 0x0FFFFFF7u;
	uint32_t entry;
	int error = fat_table_entry(volume, cluster, &entry);

	if (error != FS_OK)
		return error;
	/* Every value above the bad-cluster marker ends a chain. */
	if (entry > bad) {
		*next = FAT_CHAIN_END;
		return FS_OK;
	}
	if (entry == bad)
		return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain runs into a bad cluster");
	if (entry < 2)
		return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain runs into a free cluster");
	if (!fat_cluster_valid(volume, entry))
		return fat_fail(volume, FS_ERR_CORRUPT, "cluster number out of range in the FAT");
	*next = entry;
	return FS_OK;
}

/* Brent's cycle detection: the tortoise jumps to the hare at every power of
 * two, so a loop is found within a few times its length plus its lead-in,
 * without marking clusters. */
int fat_measure_chain(struct fat_volume *volume, uint32_t first, uint32_t max_length,
		      const char *too_long, struct fat_chain *chain)
{
	uint32_t cluster = first;
	uint32_t tortoise = first;
	uint32_t power = 1;
	uint32_t steps = 0;
	bool back_to_back = true;

	if (!fat_cluster_valid(volume, first))
		return fat_fail(volume, FS_ERR_CORRUPT, "first cluster out of range");
	chain->length = 1;
	chain->first_run = 1;
	for (;;) {
		uint32_t next;
		int error = fat_next_cluster(volume, cluster, &next);

		if (error != FS_OK)
			return error;
		if (next == FAT_CHAIN_END)
			return FS_OK;
		if (next == tortoise)
			return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain loops");
		/* No chain of distinct clusters is longer than the cluster count. */
		if (chain->length >= volume->cluster_count)
			return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain loops");
		if (chain->length >= max_length)
			return fat_fail(volume, FS_ERR_CORRUPT, too_long);

		back_to_back = back_to_back && next == cluster + 1;
		if (back_to_back)
			chain->first_run++;
		chain->length++;
		if (++steps == power) {
			tortoise = next;
			power <<= 1;
			steps = 0;
		}
		cluster = next;
	}
}
