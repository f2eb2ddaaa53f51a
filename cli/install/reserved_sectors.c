#include "cli/install/reserved_sectors.h"

#include <stdio.h>
#include <string.h>

#include "cli/install/sector_check.h"
#include "fs/fat_disk.h"

struct run {
	uint64_t first;
	uint64_t count;
};

/* The FAT32 structures kept in the reserved region, in logical sectors
 * ("FAT32 Structure Starting at Offset 36", "FSInfo Sector Structure"):
 * the FSInfo sector, the backup boot sector and the FSInfo copy after it. */
struct fat32_structures {
	int present;
	uint32_t fsinfo, backup;
};

static struct fat32_structures fat32_structures_of(const struct fat_boot_sector *boot)
{
	struct fat32_structures found = { 0, 0, 0 };

	/* "BPB_FATSz16 ... On FAT32 volumes this field must be 0." */
	if (fat_le16(boot->bpb.BPB_FATSz16) != 0)
		return found;
	found.present = 1;
	found.fsinfo = fat_le16(boot->ext.fat32.BPB_FSInfo);
	found.backup = fat_le16(boot->ext.fat32.BPB_BkBootSec);
	return found;
}

static int is_structure(const struct fat32_structures *fat32, uint32_t logical)
{
	if (logical == 0)
		return 1;
	if (!fat32->present)
		return 0;
	if (fat32->fsinfo != 0 && fat32->fsinfo != 0xffff && logical == fat32->fsinfo)
		return 1;
	if (fat32->backup == 0 || fat32->backup == 0xffff)
		return 0;
	return logical == fat32->backup ||
	       (fat32->fsinfo != 0 && fat32->fsinfo != 0xffff &&
		logical == fat32->backup + fat32->fsinfo);
}

/* Keeps the two longest runs, longest first. */
static void keep_longest(struct run best[2], const struct run *run)
{
	if (run->count > best[0].count) {
		best[1] = best[0];
		best[0] = *run;
	} else if (run->count > best[1].count) {
		best[1] = *run;
	}
}

enum placement reserved_sectors_place(const struct install_target *target, uint32_t sectors,
				      struct stage2_home *home)
{
	const struct fat_boot_sector *boot = (const void *)target->sector0;
	const struct fat32_structures fat32 = fat32_structures_of(boot);
	/* The BPB counts logical sectors; the BIOS reads 512-byte ones. The
	 * BPB passed fat_mount's checks: a power of two, 512 to 4096. */
	uint32_t per_logical = fat_le16(boot->bpb.BPB_BytsPerSec) / SECTOR_SIZE;
	uint32_t reserved = fat_le16(boot->bpb.BPB_RsvdSecCnt);
	uint64_t end = (uint64_t)reserved * per_logical;
	struct run best[2] = { { 0, 0 }, { 0, 0 } };
	struct run current = { 0, 0 };
	uint64_t free_total = 0, lba;

	for (lba = per_logical; lba < end; lba++) {
		int free_sector = !is_structure(&fat32, (uint32_t)(lba / per_logical)) ?
					  sector_is_free(target, lba) : 0;

		if (free_sector < 0)
			return PLACEMENT_FAILED;
		if (free_sector) {
			if (current.count == 0)
				current.first = lba;
			current.count++;
			free_total++;
			continue;
		}
		keep_longest(best, &current);
		current.count = 0;
	}
	keep_longest(best, &current);

	if (best[0].count >= sectors) {
		home->extents[0].lba = best[0].first;
		home->extents[0].count = (uint16_t)sectors;
		home->extent_count = 1;
	} else if (best[0].count + best[1].count >= sectors) {
		home->extents[0].lba = best[0].first;
		home->extents[0].count = (uint16_t)best[0].count;
		home->extents[1].lba = best[1].first;
		home->extents[1].count = (uint16_t)(sectors - best[0].count);
		home->extent_count = 2;
	} else {
		snprintf(home->no_room, sizeof(home->no_room),
			 "the FAT volume's %u reserved sectors (BPB_RsvdSecCnt) hold %llu free "
			 "sector%s%s, stage 2 needs %u in at most two runs",
			 reserved, (unsigned long long)free_total, free_total == 1 ? "" : "s",
			 per_logical > 1 ? " of 512 bytes" : "", sectors);
		return NO_ROOM;
	}
	if (home->extent_count == 1)
		snprintf(home->where, sizeof(home->where),
			 "in the FAT volume's reserved sectors at LBA %llu",
			 (unsigned long long)home->extents[0].lba);
	else
		snprintf(home->where, sizeof(home->where),
			 "in the FAT volume's reserved sectors, in two runs: %u at LBA %llu, %u at "
			 "LBA %llu",
			 home->extents[0].count, (unsigned long long)home->extents[0].lba,
			 home->extents[1].count, (unsigned long long)home->extents[1].lba);
	return PLACED;
}
