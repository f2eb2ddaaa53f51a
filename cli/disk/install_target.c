#include "cli/disk/install_target.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/disk/bootcode.h"
#include "cli/disk/ext_volume.h"
#include "cli/disk/floppy.h"

/* Stage 2's header names its partition in one byte; 0xff means "search". */
#define MAX_BOOT_PARTITION 254

static int read_table(struct install_target *target)
{
	const char *detail;

	if (target->image.size < SECTOR_SIZE)
		return error("%s is smaller than one sector", target->image.path);
	if (image_read(&target->image, 0, target->sector0, SECTOR_SIZE) != 0)
		return -1;
	if (partition_read_table(&target->disk, target->table, &detail) != 0)
		return error("%s: bad partition table: %s", target->image.path, detail);
	return 0;
}

/* No table, or an MBR without partitions (what install leaves in sector 0
 * of an ext volume): the filesystem, if any, spans the whole disk. */
static int inspect_whole_disk(struct install_target *target, unsigned partition)
{
	struct partition_table *table = target->table;
	struct partition *whole = &table->partitions[0];
	uint32_t block_size;

	memset(whole, 0, sizeof(*whole));
	whole->number = 0;
	whole->first_lba = 0;
	whole->sector_count = target->disk.sector_count;
	if (boot_partition_whole_disk(&target->disk, whole, &target->boot) != 0) {
		if (table->kind == PARTITION_TABLE_MBR)
			return error("%s has an empty partition table and no filesystem ghostboot reads",
				     target->image.path);
		return error("%s holds neither a partition table (sector 0 lacks the 0x55AA "
			     "signature or is a boot sector) nor a filesystem ghostboot reads",
			     target->image.path);
	}
	if (partition)
		return error("%s has no partition table: its %s filesystem spans the whole disk, "
			     "so there is no partition %u (leave out --partition)",
			     target->image.path, target->boot.filesystem, partition);
	table->kind = PARTITION_TABLE_NONE;
	table->count = 1;
	if (target->boot.kind == FS_KIND_FAT)
		target->layout = LAYOUT_WHOLE_FAT;
	else if (ext_volume_block_size(&target->disk, &block_size))
		target->layout = LAYOUT_WHOLE_EXT;
	else
		return error("%s: a %s filesystem over the whole disk is not one install knows "
			     "where to put stage 2 on",
			     target->image.path, target->boot.filesystem);
	target->floppy = floppy_size(target->image.size);
	return 0;
}

static int inspect_partitions(struct install_target *target, unsigned partition)
{
	int result;

	target->layout = target->table->kind == PARTITION_TABLE_GPT ? LAYOUT_GPT : LAYOUT_MBR;
	if (target->table->kind == PARTITION_TABLE_GPT && target->table->gpt_from_backup)
		warning("%s: the primary GPT is damaged; using its backup (repair it with a "
			"partitioning tool)",
			target->image.path);
	result = partition ? boot_partition_select(&target->disk, target->table, partition,
						   &target->boot)
			   : boot_partition_search(&target->disk, target->table, &target->boot);
	if (result != 0)
		return -1;
	if (target->boot.partition->number > MAX_BOOT_PARTITION)
		return error("partition %u holds the configuration, but stage 2 can boot from "
			     "partitions 1..%u only",
			     target->boot.partition->number, MAX_BOOT_PARTITION);
	return 0;
}

/* An earlier ghostboot stage 1 in sector 0, and the stage 2 it points at. */
static void find_previous(struct install_target *target)
{
	unsigned offset = target->layout == LAYOUT_WHOLE_FAT ? GB_VBR_PATCH_OFFSET
							      : GB_STAGE1_PATCH_OFFSET;
	struct gb_stage1_patch *patch = &target->previous;
	uint8_t sector[SECTOR_SIZE];
	uint32_t sectors;
	unsigned i;

	target->has_previous = 0;
	if (!bootcode_read_patch(target->sector0, offset, patch) || patch->extents[0].count == 0)
		return;
	for (i = 0; i < GB_STAGE1_MAX_EXTENTS && patch->extents[i].count; i++)
		if (patch->extents[i].lba >= target->disk.sector_count ||
		    patch->extents[i].count > target->disk.sector_count - patch->extents[i].lba)
			return;
	if (image_read(&target->image, patch->extents[0].lba * SECTOR_SIZE, sector,
		       SECTOR_SIZE) != 0 ||
	    !bootcode_is_stage2(sector, &sectors))
		return;
	target->has_previous = 1;
}

int install_target_open(struct install_target *target, const char *path, unsigned partition,
			int writable)
{
	memset(target, 0, sizeof(*target));
	target->image.fd = -1;
	target->image.lock_fd = -1;
	target->table = malloc(sizeof(*target->table));
	if (!target->table)
		return error("out of memory");
	if (image_open(&target->image, path, writable) != 0) {
		install_target_close(target);
		return -1;
	}
	image_blockdev(&target->image, &target->disk);
	if (read_table(target) != 0 ||
	    (target->table->count == 0 ? inspect_whole_disk(target, partition)
				       : inspect_partitions(target, partition)) != 0) {
		install_target_close(target);
		return -1;
	}
	find_previous(target);
	return 0;
}

void install_target_close(struct install_target *target)
{
	image_close(&target->image);
	free(target->table);
	target->table = 0;
}

int install_target_previous_owns(const struct install_target *target, uint64_t lba)
{
	unsigned i;

	if (!target->has_previous)
		return 0;
	for (i = 0; i < GB_STAGE1_MAX_EXTENTS && target->previous.extents[i].count; i++)
		if (lba >= target->previous.extents[i].lba &&
		    lba - target->previous.extents[i].lba < target->previous.extents[i].count)
			return 1;
	return 0;
}

const char *install_target_layout_name(enum target_layout layout)
{
	switch (layout) {
	case LAYOUT_MBR:
		return "MBR";
	case LAYOUT_GPT:
		return "GPT";
	case LAYOUT_WHOLE_FAT:
		return "unpartitioned FAT";
	case LAYOUT_WHOLE_EXT:
		return "unpartitioned ext";
	}
	return "unknown";
}
