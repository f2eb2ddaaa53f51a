#include "cli/disk/boot_partition.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/common/diag.h"
#include "fs/fs.h"

static const char *const config_paths[] = { "/boot/ghostboot.cfg", "/ghostboot.cfg" };

/* Mounts `partition` and looks for the configuration. Returns 0 (with
 * `found` filled, config_path 0 when absent) or the fs_mount error. The
 * volume is large (sector buffers), hence on the heap. */
static int examine(const struct blockdev *disk, const struct partition *partition,
		   struct boot_partition *found, const char **detail)
{
	struct fs_volume *volume = malloc(sizeof(*volume));
	struct blockdev slice;
	struct fs_file file;
	size_t i;
	int result;

	*detail = 0;
	if (!volume)
		return FS_ERR_IO;
	blockdev_slice(&slice, disk, partition->first_lba, partition->sector_count);
	result = fs_mount(volume, &slice);
	if (result == FS_OK) {
		found->partition = partition;
		found->kind = volume->kind;
		found->filesystem = fs_kind_name(volume->kind);
		found->config_path = 0;
		found->config_error[0] = '\0';
		/* As stage 2 looks: on to the next path only when this one is
		 * not there, never past one that is there but unreadable. */
		for (i = 0; i < sizeof(config_paths) / sizeof(config_paths[0]); i++) {
			int opened = fs_open(volume, config_paths[i], &file);

			if (opened == FS_ERR_NOT_FOUND || opened == FS_ERR_NOT_A_DIRECTORY)
				continue;
			found->config_path = config_paths[i];
			if (opened != FS_OK)
				snprintf(found->config_error, sizeof(found->config_error), "%s",
					 fs_error_text(volume, opened));
			break;
		}
	}
	*detail = result != FS_OK ? fs_error_text(volume, result) : 0;
	free(volume);
	return result;
}

/* A configuration that is there but cannot be read: install goes on (it
 * does not need the file), and says what stage 2 will stop on. */
static void warn_unreadable(const struct boot_partition *found)
{
	if (!found->config_error[0])
		return;
	if (found->partition->number)
		warning("partition %u: %s cannot be read: %s; stage 2 will stop on it",
			found->partition->number, found->config_path, found->config_error);
	else
		warning("%s cannot be read: %s; stage 2 will stop on it", found->config_path,
			found->config_error);
}

int boot_partition_search(const struct blockdev *disk, const struct partition_table *table,
			  struct boot_partition *found)
{
	const char *detail;
	char unmounted[128] = "";
	unsigned i;

	for (i = 0; i < table->count; i++) {
		int result = examine(disk, &table->partitions[i], found, &detail);

		if (result == FS_OK && found->config_path) {
			warn_unreadable(found);
			return 0;
		}
		/* A filesystem that would not mount may be the one meant. */
		if (result != FS_OK && result != FS_ERR_NO_FILESYSTEM && !unmounted[0])
			snprintf(unmounted, sizeof(unmounted), " (partition %u: %s)",
				 table->partitions[i].number, detail);
	}
	return error("no partition holds %s or %s%s: write a configuration, or name the boot "
		     "partition with --partition N",
		     config_paths[0], config_paths[1], unmounted);
}

int boot_partition_select(const struct blockdev *disk, const struct partition_table *table,
			  unsigned number, struct boot_partition *found)
{
	const struct partition *partition = partition_find(table, number);
	const char *detail;
	int result;

	if (!partition)
		return error("there is no partition %u", number);
	result = examine(disk, partition, found, &detail);
	if (result != FS_OK)
		return error("partition %u holds no filesystem ghostboot can read: %s", number,
			     detail);
	warn_unreadable(found);
	if (!found->config_path)
		warning("partition %u holds neither %s nor %s: stage 2 will find nothing to boot "
			"until one is written",
			number, config_paths[0], config_paths[1]);
	return 0;
}

int boot_partition_whole_disk(const struct blockdev *disk, const struct partition *whole,
			      struct boot_partition *found)
{
	const char *detail;

	if (examine(disk, whole, found, &detail) != FS_OK)
		return FS_ERR_NO_FILESYSTEM;
	warn_unreadable(found);
	if (!found->config_path)
		warning("the %s filesystem holds neither %s nor %s: stage 2 will find nothing to "
			"boot until one is written",
			found->filesystem, config_paths[0], config_paths[1]);
	return 0;
}
