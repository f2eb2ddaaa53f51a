#include "cli/install/uninstall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/disk/bootcode.h"
#include "cli/install/stage2_file.h"
#include "cli/install/undo.h"
#include "cli/tools/debugfs.h"
#include "cli/tools/mtools.h"
#include "cli/version/version.h"

static const char usage[] =
	"usage: ghostboot uninstall TARGET\n"
	"\n"
	"Puts back, byte for byte, what ghostboot install overwrote on an image file\n"
	"or block device: the boot code of sector 0 or of the FAT boot sector, and the\n"
	"gap after the MBR, BIOS boot partition or reserved sectors stage 2 took. When\n"
	"stage 2 went into a file, the file is removed.\n"
	"\n"
	"  -h, --help  show this help\n";

/* The file stage 2 went into, and its directory when empty. */
static int remove_stage2_file(const struct install_target *target, const struct undo *undo)
{
	uint64_t offset = undo->file_volume_lba * SECTOR_SIZE;
	struct fat_target fat;
	struct ext_target ext;
	int result;

	if (undo->file_kind == FS_KIND_FAT + 1) {
		if (fat_target_open(&fat, target->image.path, offset) != 0)
			return -1;
		result = fat_target_remove(&fat, STAGE2_FILE_PATH, 0);
		if (result == 0)
			fat_target_remove(&fat, STAGE2_FILE_DIRECTORY, 1);
		fat_target_close(&fat);
		return result;
	}
	if (ext_target_open(&ext, target->image.path, offset) != 0)
		return -1;
	result = ext_target_run(&ext, "rm " STAGE2_FILE_PATH "\nrmdir " STAGE2_FILE_DIRECTORY "\n", 1,
				0);
	ext_target_close(&ext);
	return result;
}

static int uninstall(const char *path)
{
	struct install_target target;
	struct undo undo;
	unsigned i, restored = 0;
	uint32_t s;
	int result = -1, found;

	if (install_target_open(&target, path, 0, 1) != 0)
		return -1;
	found = undo_load(&target, &undo);
	if (found == 1)
		error("%s holds no record of what ghostboot install overwrote: nothing to restore",
		      path);
	if (found != 0)
		goto close;
	/* Sector 0 first, so that no boot code points at a stage 2 that is
	 * going; the record's own sectors last. */
	for (i = 0; i < undo.entry_count; i++)
		for (s = 0; s < undo.entries[i].count; s++, restored++)
			if (undo_restore_sector(&target, &undo, undo.entries[i].lba + s) != 0)
				goto done;
	if (image_sync(&target.image) != 0 ||
	    (undo.file_kind && remove_stage2_file(&target, &undo) != 0))
		goto done;
	printf("ghostboot: uninstalled from %s: %u sectors restored%s\n", path, restored,
	       undo.file_kind ? ", " STAGE2_FILE_PATH " removed" : "");
	result = 0;
done:
	undo_free(&undo);
close:
	install_target_close(&target);
	return result;
}

int uninstall_command(int argc, char **argv)
{
	int result;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return usage_error("uninstall", "name the image file or device to uninstall from");
	if (argc > 2)
		return usage_error("uninstall", "unexpected argument '%s'", argv[2]);
	cleanup_catch_signals();
	cleanup_hold_signals();
	result = uninstall(argv[1]);
	cleanup_release_signals();
	return result == 0 ? EXIT_OK : EXIT_FAILED;
}

static int first_difference(const uint8_t *a, const uint8_t *b, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		if (a[i] != b[i])
			return (int)i;
	return -1;
}

static int verify_stage2(const struct install_target *target, const struct gb_stage1_patch *patch)
{
	uint32_t sectors = bootcode_stage2_sectors(), listed = 0, found;
	uint8_t *read = malloc((size_t)sectors * SECTOR_SIZE);
	uint8_t *expected = malloc((size_t)sectors * SECTOR_SIZE);
	const struct gb_stage2_header *header = (const void *)read;
	const struct partition *boot;
	unsigned i;
	int result = -1, at;

	if (!read || !expected) {
		error("out of memory");
		goto done;
	}
	for (i = 0; i < GB_STAGE1_MAX_EXTENTS && patch->extents[i].count; i++)
		listed += patch->extents[i].count;
	if (listed != sectors) {
		error("%s: the blocklist lists %u sectors; stage 2 of this version takes %u",
		      target->image.path, listed, sectors);
		goto done;
	}
	for (i = 0, listed = 0; i < GB_STAGE1_MAX_EXTENTS && patch->extents[i].count; i++) {
		if (image_read(&target->image, patch->extents[i].lba * SECTOR_SIZE,
			       read + (size_t)listed * SECTOR_SIZE,
			       (size_t)patch->extents[i].count * SECTOR_SIZE) != 0)
			goto done;
		listed += patch->extents[i].count;
	}
	if (!bootcode_is_stage2(read, &found)) {
		error("%s: the blocklist points at LBA %llu, which holds no stage 2",
		      target->image.path, (unsigned long long)patch->extents[0].lba);
		goto done;
	}
	bootcode_stage2(expected, header->boot_partition, header->partition_lba);
	if ((at = first_difference(read, expected, (size_t)sectors * SECTOR_SIZE)) >= 0) {
		error("%s: stage 2 differs from this version's at byte %d (of %u sectors from LBA "
		      "%llu)",
		      target->image.path, at, sectors, (unsigned long long)patch->extents[0].lba);
		goto done;
	}
	boot = header->boot_partition ? partition_find(target->table, header->boot_partition) : 0;
	if (header->boot_partition && (!boot || boot->first_lba != header->partition_lba)) {
		error("%s: stage 2 boots partition %u from LBA %llu, which the partition table no "
		      "longer has",
		      target->image.path, header->boot_partition,
		      (unsigned long long)header->partition_lba);
		goto done;
	}
	printf("ghostboot: %s: stage 1, its blocklist (%u sectors from LBA %llu) and stage 2 are "
	       "intact and are those of ghostboot %s\n",
	       target->image.path, sectors, (unsigned long long)patch->extents[0].lba,
	       ghostboot_version);
	result = 0;
done:
	free(read);
	free(expected);
	return result;
}

int install_verify(const char *path)
{
	struct install_target target;
	struct gb_stage1_patch patch;
	uint8_t expected[SECTOR_SIZE];
	int vbr, at, result = -1;

	if (install_target_open(&target, path, 0, 0) != 0)
		return -1;
	vbr = target.layout == LAYOUT_WHOLE_FAT;
	memcpy(expected, target.sector0, SECTOR_SIZE);
	if (!bootcode_read_patch(target.sector0, vbr ? GB_VBR_PATCH_OFFSET : GB_STAGE1_PATCH_OFFSET,
				 &patch)) {
		error("%s: sector 0 holds no ghostboot stage 1", path);
	} else {
		if (vbr)
			bootcode_vbr(expected, &patch);
		else
			bootcode_mbr(expected, &patch);
		at = first_difference(target.sector0, expected, vbr ? SECTOR_SIZE : GB_STAGE1_CODE_LIMIT);
		if (at >= 0)
			error("%s: stage 1 in sector 0 differs from this version's at byte %d", path, at);
		else
			result = verify_stage2(&target, &patch);
	}
	install_target_close(&target);
	return result;
}
