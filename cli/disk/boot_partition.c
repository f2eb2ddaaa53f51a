#include "cli/disk/boot_partition.h"

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
		for (i = 0; i < sizeof(config_paths) / sizeof(config_paths[0]); i++) {
			if (fs_open(volume, config_paths[i], &file) == FS_OK) {
				found->config_path = config_paths[i];
				break;
			}
		}
	}
	*detail = volume->detail;
	free(volume);
	return result;
}

int boot_partition_search(const struct blockdev *disk, const struct partition_table *table,
			  struct boot_partition *found)
{
	const char *detail;
	unsigned i;

	for (i = 0; i < table->count; i++) {
		if (examine(disk, &table->partitions[i], found, &detail) == FS_OK &&
		    found->config_path)
			return 0;
	}
	return error("no partition holds %s or %s: write a configuration, or name the boot "
		     "partition with --partition N",
		     config_paths[0], config_paths[1]);
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
		return error("partition %u holds no filesystem ghostboot can read: %s%s%s", number,
			     fs_strerror(result), detail ? ": " : "", detail ? detail : "");
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
	if (!found->config_path)
		warning("the %s filesystem holds neither %s nor %s: stage 2 will find nothing to "
			"boot until one is written",
			found->filesystem, config_paths[0], config_paths[1]);
	return 0;
}
