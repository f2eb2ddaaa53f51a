#include "cli/install/uefi_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check/uefi_loader.h"
#include "cli/common/diag.h"
#include "cli/disk/boot_config.h"
#include "cli/disk/bootcode.h"
#include "cli/tools/mtools.h"
#include "fs/fat_runs.h"
#include "fs/fs.h"

#define LOADER_DIRECTORY "/EFI/BOOT"
#define LOADER_PATH LOADER_DIRECTORY "/BOOTX64.EFI"
#define LOADER_MARK "ghostboot UEFI" /* the line the loader prints first */

/* The EFI system partition's type GUID, C12A7328-F81F-11D2-BA4B-00A0C93EC93B,
 * as GPT stores it. */
static const uint8_t esp_guid[16] = { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
				      0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b };

static const struct partition *find_esp(const struct boot_config *boot_config)
{
	const struct partition_table *table = boot_config->table;

	if (!table->count)
		return &boot_config->whole;
	for (unsigned i = 0; i < table->count; i++) {
		const struct partition *p = &table->partitions[i];
		if (p->mbr_type == 0xef || (!p->mbr_type && !memcmp(p->type_guid, esp_guid, 16)))
			return p;
	}
	return 0;
}

static int holds_mark(const uint8_t *bytes, uint64_t size)
{
	size_t length = strlen(LOADER_MARK);

	for (uint64_t at = 0; at + length <= size; at++)
		if (!memcmp(bytes + at, LOADER_MARK, length))
			return 1;
	return 0;
}

/* What \EFI\BOOT\BOOTX64.EFI holds now on the mounted ESP: -1 nothing, 0
 * ours, 1 an older ghostboot's, 2 another loader's; `*clusters` the
 * clusters it takes and `*directories` how many of \EFI and \EFI\BOOT are
 * missing. */
static int present_loader(struct fs_volume *volume, uint32_t cluster_bytes, uint64_t *clusters,
			  unsigned *directories)
{
	struct fs_file file;
	size_t size;
	const uint8_t *ours = bootcode_uefi(&size);
	int state;

	*clusters = 0;
	/* fs_open opens files: a directory answers that it is none. */
	*directories = (fs_open(volume, "/EFI", &file) != FS_ERR_NOT_A_FILE) +
		       (fs_open(volume, LOADER_DIRECTORY, &file) != FS_ERR_NOT_A_FILE);
	if (fs_open(volume, LOADER_PATH, &file) != FS_OK)
		return -1;
	*clusters = (file.size + cluster_bytes - 1) / cluster_bytes;
	uint8_t *theirs = malloc(file.size ? file.size : 1);
	if (!theirs || fs_read(&file, 0, theirs, file.size) != (int64_t)file.size)
		state = 2;
	else if (file.size == size && !memcmp(theirs, ours, size))
		state = 0;
	else
		state = holds_mark(theirs, file.size) ? 1 : 2;
	free(theirs);
	return state;
}

/* Checks everything before mtools writes a byte: the ESP mounted by the
 * project's FAT reader (which checks its layout against the partition), its
 * free clusters counted in the FAT. */
static int check_room(const struct boot_config *boot_config, const struct partition *esp,
		      const char *path, const char *name, int force, int *present,
		      unsigned *directories)
{
	static struct fs_volume volume;
	struct blockdev dev;
	uint64_t old_clusters, needed;
	uint32_t cluster_bytes;
	int64_t free_clusters;
	size_t size;
	int status;

	*present = -1;
	*directories = 0;
	blockdev_slice(&dev, &boot_config->disk, esp->first_lba, esp->sector_count);
	status = fs_mount(&volume, &dev);
	if (status != FS_OK)
		return error("%s: cannot read %s as FAT: %s; nothing was written", path, name,
			     fs_error_text(&volume, status));
	if (volume.kind != FS_KIND_FAT)
		return error("%s: %s is not a FAT volume; nothing was written", path, name);
	free_clusters = fat_free_clusters(&volume.u.fat, &cluster_bytes);
	if (free_clusters < 0)
		return error("%s: cannot count the free clusters of %s: %s; nothing was written",
			     path, name, fs_error_text(&volume, (int)free_clusters));
	*present = present_loader(&volume, cluster_bytes, &old_clusters, directories);
	if (*present == 2 && !force)
		return error("%s: %s already holds %s, another loader's: --force replaces it", path,
			     name, LOADER_PATH);
	bootcode_uefi(&size);
	needed = (size + cluster_bytes - 1) / cluster_bytes + *directories;
	if ((uint64_t)free_clusters + old_clusters < needed)
		return error("%s: no room on %s for the UEFI loader: it needs %llu KiB, %llu KiB are "
			     "free; nothing was written",
			     path, name, (unsigned long long)(needed * cluster_bytes / 1024),
			     (unsigned long long)(((uint64_t)free_clusters + old_clusters) *
						  cluster_bytes / 1024));
	return 0;
}

/* `missing`: how many of \EFI and \EFI\BOOT mtools must make. */
static int copy_loader(const char *path, uint64_t offset, unsigned missing)
{
	struct fat_target target;
	char *loader;
	int result = -1;

	if (bootcode_uefi_file(&loader) != 0)
		return -1;
	if (fat_target_open(&target, path, offset) == 0) {
		if ((missing == 2 || fat_target_have_directory(&target, "/EFI") == 0) &&
		    (missing >= 1 || fat_target_have_directory(&target, LOADER_DIRECTORY) == 0) &&
		    fat_target_copy(&target, loader, LOADER_PATH) == 0)
			result = 0;
		fat_target_close(&target);
	}
	free(loader);
	return result;
}

int install_uefi_loader(const char *path, int force, int quiet)
{
	static const char *const before[] = { "nothing", "this version's", "an older ghostboot's",
					      "another loader's" };
	struct boot_config boot_config;
	const struct partition *esp;
	char name[64];
	int present, result = -1;
	unsigned missing;
	size_t size;

	/* The loader boots only what a configuration names: refuse without one. */
	if (boot_config_open(&boot_config, path) != 0)
		return -1;
	esp = find_esp(&boot_config);
	if (!esp) {
		boot_config_close(&boot_config);
		return error("%s has no EFI system partition (GPT type "
			     "C12A7328-F81F-11D2-BA4B-00A0C93EC93B, or MBR type 0xef) for the UEFI "
			     "loader",
			     path);
	}
	if (esp->number)
		snprintf(name, sizeof(name), "partition %u, the EFI system partition", esp->number);
	else
		snprintf(name, sizeof(name), "the FAT volume over the whole disk");
	uint64_t offset = esp->first_lba * SECTOR_SIZE;
	if (check_room(&boot_config, esp, path, name, force, &present, &missing) == 0) {
		boot_config_close(&boot_config);
		result = present == 0 ? 0 : copy_loader(path, offset, missing);
	} else {
		boot_config_close(&boot_config);
	}
	if (result == 0 && !quiet) {
		bootcode_uefi(&size);
		printf("ghostboot: UEFI loader: %s (%zu bytes) on %s of %s, which held %s there; "
		       "no other file changed\n",
		       LOADER_PATH, size, name, path, before[present + 1]);
	}
	return result;
}

int install_verify_uefi_loader(const char *path)
{
	struct boot_config boot_config;
	enum uefi_loader_state state;

	if (boot_config_open(&boot_config, path) != 0)
		return -1;
	state = uefi_loader_check(&boot_config, path);
	boot_config_close(&boot_config);
	if (state == UEFI_LOADER_NONE)
		return error("%s: no partition holds the UEFI loader %s", path, LOADER_PATH);
	return state == UEFI_LOADER_INTACT ? 0 : -1;
}
