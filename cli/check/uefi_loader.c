#include "cli/check/uefi_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/disk/bootcode.h"
#include "cli/version/version.h"
#include "fs/fs.h"

#define LOADER_PATH "/EFI/BOOT/BOOTX64.EFI"

/* Compares the loader on `dev`'s volume, when it has one, with ours:
 * -1 none there, 0 the same, 1 different (or unreadable). */
static int compare_on(const struct blockdev *dev)
{
	static struct fs_volume volume;
	struct fs_file file;
	size_t size;
	const uint8_t *ours = bootcode_uefi(&size);
	uint8_t *theirs;
	int result;

	if (fs_mount(&volume, dev) != FS_OK || fs_open(&volume, LOADER_PATH, &file) != FS_OK)
		return -1;
	if (file.size != size)
		return 1;
	theirs = malloc(size ? size : 1);
	if (!theirs)
		return 1;
	result = fs_read(&file, 0, theirs, size) != (int64_t)size || memcmp(theirs, ours, size);
	free(theirs);
	return result ? 1 : 0;
}

enum uefi_loader_state uefi_loader_check(const struct boot_config *boot_config,
					 const char *image)
{
	const struct partition_table *table = boot_config->table;
	struct blockdev part;
	unsigned i, count = table->count ? table->count : 1;

	for (i = 0; i < count; i++) {
		const struct partition *p =
			table->count ? &table->partitions[i] : &boot_config->whole;
		int differs;

		blockdev_slice(&part, &boot_config->disk, p->first_lba, p->sector_count);
		differs = compare_on(&part);
		if (differs < 0)
			continue;
		if (differs) {
			error("%s: the UEFI loader %s on partition %u differs from this version's",
			      image, LOADER_PATH, p->number);
			return UEFI_LOADER_DIFFERS;
		}
		printf("ghostboot: %s: the UEFI loader %s on partition %u is intact and is that of "
		       "ghostboot %s\n",
		       image, LOADER_PATH, p->number, ghostboot_version);
		return UEFI_LOADER_INTACT;
	}
	return UEFI_LOADER_NONE;
}

int uefi_loader_has_stage1(const struct boot_config *boot_config)
{
	uint8_t sector[SECTOR_SIZE];
	struct gb_stage1_patch patch;

	return image_read(&boot_config->image, 0, sector, sizeof(sector)) == 0 &&
	       (bootcode_read_patch(sector, GB_STAGE1_PATCH_OFFSET, &patch) ||
		bootcode_read_patch(sector, GB_VBR_PATCH_OFFSET, &patch));
}
