#include "cli/install/bios_boot.h"

#include <stdio.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/install/sector_check.h"

static const struct partition *find_bios_boot(const struct partition_table *table)
{
	unsigned i;

	for (i = 0; i < table->count; i++)
		if (memcmp(table->partitions[i].type_guid, partition_type_bios_boot, 16) == 0)
			return &table->partitions[i];
	return 0;
}

enum placement bios_boot_place(const struct install_target *target, uint32_t sectors, int force,
			       struct stage2_home *home)
{
	const struct partition *bios_boot = find_bios_boot(target->table);
	char where[64];

	if (!bios_boot) {
		snprintf(home->no_room, sizeof(home->no_room), "the GPT has no BIOS boot partition");
		return NO_ROOM;
	}
	if (bios_boot->sector_count < sectors) {
		snprintf(home->no_room, sizeof(home->no_room),
			 "the BIOS boot partition (partition %u) holds %llu sectors, stage 2 needs %u",
			 bios_boot->number, (unsigned long long)bios_boot->sector_count, sectors);
		return NO_ROOM;
	}
	/* A GPT whose entries overlap is malformed: the sectors stage 2 would
	 * take may be another partition's, whatever they hold now. */
	for (unsigned i = 0; i < target->table->count; i++) {
		const struct partition *other = &target->table->partitions[i];
		if (other != bios_boot && other->first_lba < bios_boot->first_lba + sectors &&
		    bios_boot->first_lba < other->first_lba + other->sector_count) {
			error("the BIOS boot partition (partition %u) overlaps partition %u: "
			      "refusing to write stage 2 there",
			      bios_boot->number, other->number);
			return PLACEMENT_FAILED;
		}
	}
	snprintf(where, sizeof(where), "the BIOS boot partition, partition %u", bios_boot->number);
	if (sector_check_free(target, bios_boot->first_lba, sectors, where, force) != 0)
		return PLACEMENT_FAILED;
	home->extents[0].lba = bios_boot->first_lba;
	home->extents[0].count = (uint16_t)sectors;
	home->extent_count = 1;
	snprintf(home->where, sizeof(home->where), "in %s, at LBA %llu", where,
		 (unsigned long long)bios_boot->first_lba);
	return PLACED;
}
