#include "cli/disk/fat_room.h"

#include <stdlib.h>

#include "cli/common/diag.h"
#include "fs/fat_disk.h"

/* Entry `n` of a FAT of `bits` (12, 16 or 32; the top 4 bits of FAT32's
 * are reserved). */
static uint32_t entry(const uint8_t *fat, unsigned bits, uint32_t n)
{
	if (bits == 32)
		return fat_le32(fat + 4 * (size_t)n) & 0x0fffffff;
	if (bits == 16)
		return fat_le16(fat + 2 * (size_t)n);
	uint16_t pair = fat_le16(fat + n + n / 2);
	return n & 1 ? pair >> 4 : pair & 0xfff;
}

int fat_room_read(const struct image *image, uint64_t offset, const char *name,
		  struct fat_room *room)
{
	uint8_t sector[512];
	if (image_read(image, offset, sector, sizeof(sector)) != 0)
		return -1;
	const struct fat_boot_sector *boot = (const void *)sector;
	uint32_t bytes_per_sector = fat_le16(boot->bpb.BPB_BytsPerSec);
	uint32_t per_cluster = boot->bpb.BPB_SecPerClus;
	uint32_t reserved = fat_le16(boot->bpb.BPB_RsvdSecCnt);
	uint32_t fat_sectors = fat_le16(boot->bpb.BPB_FATSz16);
	uint32_t total = fat_le16(boot->bpb.BPB_TotSec16);
	uint32_t root_sectors;

	if (!fat_sectors)
		fat_sectors = fat_le32(boot->ext.fat32.BPB_FATSz32);
	if (!total)
		total = fat_le32(boot->bpb.BPB_TotSec32);
	if ((bytes_per_sector != 512 && bytes_per_sector != 1024 && bytes_per_sector != 2048 &&
	     bytes_per_sector != 4096) ||
	    !per_cluster || (per_cluster & (per_cluster - 1)) || !boot->bpb.BPB_NumFATs ||
	    !fat_sectors || !reserved)
		return error("%s holds no FAT filesystem (its BPB is not valid)", name);
	root_sectors = (fat_le16(boot->bpb.BPB_RootEntCnt) * 32u + bytes_per_sector - 1) /
		       bytes_per_sector;
	uint64_t data_start = reserved + (uint64_t)boot->bpb.BPB_NumFATs * fat_sectors + root_sectors;
	if (data_start >= total)
		return error("%s: its FAT filesystem has no data area", name);
	uint32_t clusters = (uint32_t)((total - data_start) / per_cluster);
	/* The FAT type follows from the cluster count alone (the specification's rule). */
	unsigned bits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
	uint64_t fat_bytes = (uint64_t)fat_sectors * bytes_per_sector;
	if ((uint64_t)(clusters + 2) * bits / 8 + 2 > fat_bytes)
		return error("%s: its FAT is too small for its %u clusters", name, clusters);

	uint8_t *fat = malloc(fat_bytes);
	if (!fat)
		return error("out of memory");
	if (image_read(image, offset + (uint64_t)reserved * bytes_per_sector, fat, fat_bytes) != 0) {
		free(fat);
		return -1;
	}
	room->cluster_bytes = per_cluster * bytes_per_sector;
	room->free_clusters = 0;
	for (uint32_t n = 2; n < clusters + 2; n++)
		room->free_clusters += entry(fat, bits, n) == 0;
	free(fat);
	return 0;
}
