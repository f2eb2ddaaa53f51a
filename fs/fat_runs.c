/* Follows a file's cluster chain ("FAT Data Structure") and merges clusters
 * that lie back to back. The chain was measured and bounded by fat_open;
 * the walk stops at the clusters the file's size needs. */
#include "fs/fat_internal.h"
#include "fs/fat_runs.h"

int fat_file_runs(struct fat_file *file, struct fat_run *runs, unsigned max)
{
	struct fat_volume *volume = file->volume;
	uint64_t sectors_left =
		((uint64_t)file->size + ((uint64_t)1 << volume->device_sector_shift) - 1) >>
		volume->device_sector_shift;
	uint64_t cluster_sectors = (uint64_t)1 << (volume->cluster_sector_shift + volume->device_shift);
	uint32_t cluster = file->first_cluster;
	uint32_t index;
	unsigned count = 0;
	struct fat_run last = { 0, 0 };

	for (index = 0; sectors_left > 0 && index < file->chain_length; index++) {
		uint64_t lba = fat_device_lba(volume, fat_cluster_sector(volume, cluster));
		uint64_t take = sectors_left < cluster_sectors ? sectors_left : cluster_sectors;
		int error;

		if (count > 0 && last.lba + last.count == lba) {
			last.count += take;
		} else {
			count++;
			last.lba = lba;
			last.count = take;
		}
		if (count <= max)
			runs[count - 1] = last;
		sectors_left -= take;
		if (sectors_left == 0)
			break;
		error = fat_next_cluster(volume, cluster, &cluster);
		if (error != FS_OK)
			return error;
		if (cluster == FAT_CHAIN_END)
			return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain shorter than the file size");
	}
	if (sectors_left > 0)
		return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain shorter than the file size");
	return (int)count;
}

int64_t fat_free_clusters(struct fat_volume *volume, uint32_t *cluster_bytes)
{
	int64_t free_count = 0;
	uint32_t cluster, entry;

	*cluster_bytes = fat_cluster_bytes(volume);
	for (cluster = 2; cluster < volume->cluster_count + 2; cluster++) {
		int error = fat_table_entry(volume, cluster, &entry);

		if (error < 0)
			return error;
		free_count += entry == 0;
	}
	return free_count;
}
