/* Mounting a FAT volume (reading and checking its BPB) and opening files.
 * Section names below are those of Microsoft's "FAT: General Overview of
 * On-Disk Format", version 1.03. */
#include <stddef.h>

#include "fs/fat_internal.h"

static bool fat_power_of_two(uint32_t value)
{
	return value != 0 && (value & (value - 1)) == 0;
}

static uint8_t fat_log2(uint32_t power_of_two)
{
	uint8_t shift = 0;

	while (((uint32_t)1 << shift) < power_of_two)
		shift++;
	return shift;
}

/* The BPB fields that make a sector a FAT boot sector at all: failing these
 * it is something else (an MBR, ext2, a blank disk), not a broken FAT. */
static int fat_check_identity(struct fat_volume *volume, const struct fat_bpb *bpb)
{
	uint32_t bytes_per_sector = fat_le16(bpb->BPB_BytsPerSec);

	if (!fat_power_of_two(bytes_per_sector) || bytes_per_sector < 512 ||
	    bytes_per_sector > FAT_MAX_SECTOR_SIZE)
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM,
				"bytes per sector is not a power of two from 512 to 4096");
	if (!fat_power_of_two(bpb->BPB_SecPerClus))
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM, "sectors per cluster is not a power of two");
	if (fat_le16(bpb->BPB_RsvdSecCnt) == 0)
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM, "reserved sector count is zero");
	if (bpb->BPB_NumFATs == 0)
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM, "FAT count is zero");
	/* "BPB_Media": 0xF0, or 0xF8 to 0xFF. */
	if (bpb->BPB_Media != 0xF0 && bpb->BPB_Media < 0xF8)
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM, "media descriptor is not a FAT one");
	return FS_OK;
}

/* "FAT Type Determination": the type follows from the count of data
 * clusters alone. One exception, as Linux, mtools and dosfstools make it:
 * a FAT32-shaped BPB (BPB_FATSz16 == 0, no fixed root directory) is read as
 * FAT32 even below 65525 clusters, since no other reading of it has a root
 * directory; `mkfs.fat -F 32` makes such volumes on small disks. */
static int fat_check_layout(struct fat_volume *volume, const struct fat_boot_sector *boot)
{
	const struct fat_bpb *bpb = &boot->bpb;
	const struct fat32_ebpb *ext = &boot->ext.fat32;
	uint32_t reserved = fat_le16(bpb->BPB_RsvdSecCnt);
	uint32_t root_entries = fat_le16(bpb->BPB_RootEntCnt);
	uint32_t total = fat_le16(bpb->BPB_TotSec16) ? fat_le16(bpb->BPB_TotSec16)
						      : fat_le32(bpb->BPB_TotSec32);
	bool fat32_shaped = fat_le16(bpb->BPB_FATSz16) == 0;
	uint32_t fat_size = fat32_shaped ? fat_le32(ext->BPB_FATSz32) : fat_le16(bpb->BPB_FATSz16);
	uint32_t root_sectors = ((root_entries * 32) + volume->bytes_per_sector - 1) >> volume->sector_shift;
	uint64_t metadata = reserved + (uint64_t)bpb->BPB_NumFATs * fat_size + root_sectors;
	uint64_t fat_bytes_needed;
	uint32_t clusters;

	if (total == 0)
		return fat_fail(volume, FS_ERR_CORRUPT, "total sector count is zero");
	if (fat_size == 0)
		return fat_fail(volume, FS_ERR_CORRUPT, "FAT size is zero");
	if (((uint64_t)total << volume->device_shift) > volume->dev.sector_count)
		return fat_fail(volume, FS_ERR_CORRUPT, "volume is larger than the device");
	if (metadata >= total)
		return fat_fail(volume, FS_ERR_CORRUPT, "reserved sectors and FATs fill the volume");
	clusters = (uint32_t)(total - metadata) >> volume->cluster_sector_shift;
	if (clusters == 0)
		return fat_fail(volume, FS_ERR_CORRUPT, "volume has no data clusters");

	if (fat32_shaped) {
		volume->type = FAT_TYPE_32;
		if (root_entries != 0)
			return fat_fail(volume, FS_ERR_CORRUPT, "FAT32 volume with root directory entries");
		if (clusters > FAT32_MAX_CLUSTERS)
			return fat_fail(volume, FS_ERR_CORRUPT, "more clusters than FAT32 can number");
		if (fat_le16(ext->BPB_FSVer) != 0)
			return fat_fail(volume, FS_ERR_UNSUPPORTED, "FAT32 version is not 0.0");
	} else {
		if (clusters > FAT16_MAX_CLUSTERS)
			return fat_fail(volume, FS_ERR_CORRUPT, "FAT16 layout with a FAT32 cluster count");
		volume->type = clusters <= FAT12_MAX_CLUSTERS ? FAT_TYPE_12 : FAT_TYPE_16;
		if (root_entries == 0)
			return fat_fail(volume, FS_ERR_CORRUPT, "root directory entry count is zero");
	}

	/* Every valid cluster, 2 .. clusters + 1, needs an entry in the FAT. */
	fat_bytes_needed = (uint64_t)clusters + 2;
	if (volume->type == FAT_TYPE_12)
		fat_bytes_needed = (fat_bytes_needed * 3 + 1) >> 1;
	else
		fat_bytes_needed <<= volume->type == FAT_TYPE_16 ? 1 : 2;
	if (fat_bytes_needed > ((uint64_t)fat_size << volume->sector_shift))
		return fat_fail(volume, FS_ERR_CORRUPT, "FAT is too small for the cluster count");

	volume->total_sectors = total;
	volume->fat_sectors = fat_size;
	volume->fat_start = reserved;
	volume->root_start = reserved + bpb->BPB_NumFATs * fat_size;
	volume->root_sectors = root_sectors;
	volume->root_entries = root_entries;
	volume->data_start = volume->root_start + root_sectors;
	volume->cluster_count = clusters;

	if (volume->type == FAT_TYPE_32) {
		uint32_t flags = fat_le16(ext->BPB_ExtFlags);

		/* "BPB_ExtFlags": with mirroring off, only one FAT is kept current. */
		if (flags & FAT32_EXTFLAGS_NO_MIRROR) {
			uint32_t active = flags & FAT32_EXTFLAGS_ACTIVE_MASK;
			if (active >= bpb->BPB_NumFATs)
				return fat_fail(volume, FS_ERR_CORRUPT, "active FAT number out of range");
			volume->fat_start = reserved + active * fat_size;
		}
		volume->root_cluster = fat_le32(ext->BPB_RootClus);
		if (!fat_cluster_valid(volume, volume->root_cluster))
			return fat_fail(volume, FS_ERR_CORRUPT, "root directory cluster out of range");
	}
	return FS_OK;
}

int fat_mount(struct fat_volume *volume, const struct blockdev *dev)
{
	const struct fat_boot_sector *boot;
	uint32_t device_sector = dev->sector_size;
	int error;

	/* Everything but the two data buffers, which need no clearing. */
	__builtin_memset(volume, 0, offsetof(struct fat_volume, buffer));
	volume->dev = *dev;
	if (!fat_power_of_two(device_sector) || device_sector < 512 ||
	    device_sector > FAT_MAX_SECTOR_SIZE)
		return fat_fail(volume, FS_ERR_UNSUPPORTED, "device sector size is not 512 to 4096 bytes");
	if (dev->sector_count == 0)
		return fat_fail(volume, FS_ERR_NO_FILESYSTEM, "device is empty");
	volume->device_sector_shift = fat_log2(device_sector);

	boot = (const struct fat_boot_sector *)fat_read_buffered(volume, 0, 1);
	if (!boot)
		return FS_ERR_IO;
	error = fat_check_identity(volume, &boot->bpb);
	if (error != FS_OK)
		return error;

	volume->bytes_per_sector = fat_le16(boot->bpb.BPB_BytsPerSec);
	volume->sector_shift = fat_log2(volume->bytes_per_sector);
	if (volume->bytes_per_sector < device_sector)
		return fat_fail(volume, FS_ERR_UNSUPPORTED, "logical sector is smaller than the device's");
	volume->device_shift = (uint8_t)(volume->sector_shift - volume->device_sector_shift);
	volume->cluster_sector_shift = fat_log2(boot->bpb.BPB_SecPerClus);
	volume->cluster_shift = (uint8_t)(volume->sector_shift + volume->cluster_sector_shift);
	return fat_check_layout(volume, boot);
}

int fat_open(struct fat_volume *volume, const char *path, struct fat_file *file)
{
	struct fat_node node;
	int error;

	volume->detail = 0;
	error = fat_lookup(volume, path, &node);
	if (error != FS_OK)
		return error;
	if (node.is_directory)
		return FS_ERR_NOT_A_FILE;

	__builtin_memset(file, 0, sizeof(*file));
	file->volume = volume;
	file->size = node.size;
	if (node.size == 0)
		return FS_OK; /* an empty file may own no cluster */

	{
		uint64_t needed = ((uint64_t)node.size + fat_cluster_bytes(volume) - 1) >> volume->cluster_shift;
		struct fat_chain chain;

		error = fat_measure_chain(volume, node.first_cluster, volume->cluster_count,
					  "cluster chain loops", &chain);
		if (error != FS_OK)
			return error;
		if (chain.length < needed)
			return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain shorter than the file size");
		file->first_cluster = node.first_cluster;
		file->chain_length = chain.length;
		file->first_run = chain.first_run;
	}
	return FS_OK;
}

const char *fat_type_name(const struct fat_volume *volume)
{
	switch (volume->type) {
	case FAT_TYPE_12:
		return "FAT12";
	case FAT_TYPE_16:
		return "FAT16";
	case FAT_TYPE_32:
		return "FAT32";
	}
	return "FAT";
}
