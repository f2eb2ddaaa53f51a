#include "stage2_room.h"

#include <stdlib.h>
#include <string.h>

#include "bootcode.h"
#include "diag.h"

static int partitions_leave_room(const struct image *image, const struct partition_table *table,
				 uint32_t sectors)
{
	const struct partition *earliest = 0;
	unsigned i;

	if (image->size / SECTOR_SIZE < 1 + (uint64_t)sectors)
		return error("%s holds %llu sectors; stage 2 needs sectors 1..%u", image->path,
			     (unsigned long long)(image->size / SECTOR_SIZE), sectors);
	for (i = 0; i < table->count; i++)
		if (!earliest || table->partitions[i].first_lba < earliest->first_lba)
			earliest = &table->partitions[i];
	if (earliest && earliest->first_lba < 1 + (uint64_t)sectors)
		return error("no room for stage 2: the gap after the MBR holds %llu sector%s "
			     "(partition %u starts at sector %llu), stage 2 needs %u",
			     (unsigned long long)(earliest->first_lba - 1),
			     earliest->first_lba == 2 ? "" : "s", earliest->number,
			     (unsigned long long)earliest->first_lba, sectors);
	return 0;
}

static int is_zero(const uint8_t *bytes, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		if (bytes[i])
			return 0;
	return 1;
}

static int contains(const uint8_t *bytes, size_t length, const char *text)
{
	size_t text_length = strlen(text);
	size_t i;

	for (i = 0; i + text_length <= length; i++)
		if (memcmp(bytes + i, text, text_length) == 0)
			return 1;
	return 0;
}

/* A guess at what occupies the gap, for the refusal message. */
static const char *describe_gap_data(const uint8_t mbr[SECTOR_SIZE], const uint8_t *gap,
				     size_t length)
{
	uint32_t magic;

	if (contains(gap, length, "GRUB"))
		return "another boot loader (GRUB's core image)";
	memcpy(&magic, mbr + GB_STAGE1_PATCH_OFFSET, sizeof(magic));
	if (!is_zero(mbr, GB_STAGE1_CODE_LIMIT) && magic != GB_STAGE1_MAGIC)
		return "data, probably another boot loader's (the MBR holds foreign boot code)";
	return "data of unknown kind";
}

int stage2_room_check(const struct image *image, const uint8_t mbr[SECTOR_SIZE],
		      const struct partition_table *table, uint32_t sectors, int force)
{
	size_t length = (size_t)sectors * SECTOR_SIZE;
	uint8_t *gap;
	uint32_t ours = 0; /* leading sectors that hold an earlier stage 2 */
	uint32_t sector;
	int result = 0;

	if (partitions_leave_room(image, table, sectors) != 0)
		return -1;
	gap = malloc(length);
	if (!gap)
		return error("out of memory");
	if (image_read(image, SECTOR_SIZE, gap, length) != 0) {
		free(gap);
		return -1;
	}
	if (bootcode_is_stage2(gap, &ours) && ours > sectors)
		ours = sectors;
	for (sector = ours; sector < sectors; sector++) {
		if (is_zero(gap + (size_t)sector * SECTOR_SIZE, SECTOR_SIZE))
			continue;
		if (force) {
			warning("overwriting sector %u after the MBR, which holds %s (--force)",
				sector + 1, describe_gap_data(mbr, gap, length));
		} else {
			result = error("sector %u after the MBR holds %s; stage 2 needs sectors "
				       "1..%u (--force overwrites them)",
				       sector + 1, describe_gap_data(mbr, gap, length), sectors);
		}
		break;
	}
	free(gap);
	return result;
}
