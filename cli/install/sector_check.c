#include "cli/install/sector_check.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/disk/bootcode.h"

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

/* A guess at what occupies the area, for the refusal message. */
static const char *describe_data(const struct install_target *target, const uint8_t *area,
				 size_t length)
{
	uint32_t magic;

	if (contains(area, length, "GRUB"))
		return "another boot loader (GRUB's core image)";
	memcpy(&magic, target->sector0 + GB_STAGE1_PATCH_OFFSET, sizeof(magic));
	if (!is_zero(target->sector0, GB_STAGE1_CODE_LIMIT) && magic != GB_STAGE1_MAGIC)
		return "data, probably another boot loader's (the MBR holds foreign boot code)";
	return "data of unknown kind";
}

int sector_check_free(const struct install_target *target, uint64_t lba, uint32_t count,
		      const char *where, int force)
{
	size_t length = (size_t)count * SECTOR_SIZE;
	uint32_t covered = 0; /* leading sectors under a stage 2 header at `lba` */
	uint32_t sector;
	uint8_t *area = malloc(length);
	int result = 0;

	if (!area)
		return error("out of memory");
	if (image_read(&target->image, lba * SECTOR_SIZE, area, length) != 0) {
		free(area);
		return -1;
	}
	if (!bootcode_is_stage2(area, &covered))
		covered = 0;
	for (sector = covered; sector < count; sector++) {
		if (is_zero(area + (size_t)sector * SECTOR_SIZE, SECTOR_SIZE) ||
		    install_target_previous_owns(target, lba + sector))
			continue;
		if (force)
			warning("overwriting sector %llu of the disk (in %s), which holds %s (--force)",
				(unsigned long long)(lba + sector), where,
				describe_data(target, area, length));
		else
			result = error("sector %llu of the disk (in %s) holds %s; stage 2 needs sectors "
				       "%llu..%llu (--force overwrites them)",
				       (unsigned long long)(lba + sector), where,
				       describe_data(target, area, length), (unsigned long long)lba,
				       (unsigned long long)(lba + count - 1));
		break;
	}
	free(area);
	return result;
}

int sector_is_free(const struct install_target *target, uint64_t lba)
{
	uint8_t sector[SECTOR_SIZE];

	if (install_target_previous_owns(target, lba))
		return 1;
	if (image_read(&target->image, lba * SECTOR_SIZE, sector, SECTOR_SIZE) != 0)
		return -1;
	return is_zero(sector, SECTOR_SIZE);
}
