#include "cli/install/mbr_gap.h"

#include <stdio.h>

#include "cli/install/sector_check.h"

#define GAP_START 1

enum placement mbr_gap_place(const struct install_target *target, uint32_t sectors, int force,
			     struct stage2_home *home)
{
	const struct partition *earliest = 0;
	unsigned i;

	for (i = 0; i < target->table->count; i++)
		if (!earliest || target->table->partitions[i].first_lba < earliest->first_lba)
			earliest = &target->table->partitions[i];
	if (target->disk.sector_count < GAP_START + (uint64_t)sectors) {
		snprintf(home->no_room, sizeof(home->no_room),
			 "the disk holds %llu sectors; stage 2 needs sectors 1..%u",
			 (unsigned long long)target->disk.sector_count, sectors);
		return NO_ROOM;
	}
	if (earliest && earliest->first_lba < GAP_START + (uint64_t)sectors) {
		snprintf(home->no_room, sizeof(home->no_room),
			 "the gap after the MBR holds %llu sector%s (partition %u starts at sector "
			 "%llu), stage 2 needs %u",
			 (unsigned long long)(earliest->first_lba - GAP_START),
			 earliest->first_lba == GAP_START + 1 ? "" : "s", earliest->number,
			 (unsigned long long)earliest->first_lba, sectors);
		return NO_ROOM;
	}
	if (sector_check_free(target, GAP_START, sectors, "the gap after the MBR", force) != 0)
		return PLACEMENT_FAILED;
	home->extents[0].lba = GAP_START;
	home->extents[0].count = (uint16_t)sectors;
	home->extent_count = 1;
	snprintf(home->where, sizeof(home->where), "in the gap after the MBR at LBA %u",
		 GAP_START);
	return PLACED;
}
