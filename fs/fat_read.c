/* File data: find the cluster at an offset, gather the clusters that follow
 * it back to back into one run, and read each run with as few device calls
 * as its alignment allows. */
#include "fs/fat_internal.h"

/* The cluster holding the file's `index`th cluster: inside the first run by
 * arithmetic, else walking on from the last position (or from the end of
 * the first run when the position lies behind). */
static int fat_file_cluster(struct fat_file *file, uint32_t index, uint32_t *cluster)
{
	struct fat_volume *volume = file->volume;
	uint32_t at_index = file->first_run - 1;
	uint32_t at = file->first_cluster + at_index;

	if (index < file->first_run) {
		*cluster = file->first_cluster + index;
		return FS_OK;
	}
	if (file->position_cluster != 0 && file->position_index <= index &&
	    file->position_index > at_index) {
		at_index = file->position_index;
		at = file->position_cluster;
	}
	while (at_index < index) {
		int error = fat_next_cluster(volume, at, &at);
		if (error != FS_OK)
			return error;
		if (at == FAT_CHAIN_END)
			return fat_fail(volume, FS_ERR_CORRUPT, "cluster chain shorter than the file size");
		at_index++;
	}
	file->position_index = index;
	file->position_cluster = at;
	*cluster = at;
	return FS_OK;
}

/* How many clusters from `index` (at `cluster`) lie back to back, up to
 * `wanted`. Remembers the last one as the file's position. */
static int fat_file_run(struct fat_file *file, uint32_t index, uint32_t cluster, uint32_t wanted,
			uint32_t *run)
{
	uint32_t length = 1;

	if (index < file->first_run) {
		length = file->first_run - index;
		length = length < wanted ? length : wanted;
	}
	while (length < wanted) {
		uint32_t next;
		int error = fat_next_cluster(file->volume, cluster + length - 1, &next);
		if (error != FS_OK)
			return error;
		if (next != cluster + length) {
			if (next == FAT_CHAIN_END)
				return fat_fail(file->volume, FS_ERR_CORRUPT,
						"cluster chain shorter than the file size");
			/* Keep the step just taken: the next run starts there. */
			file->position_index = index + length;
			file->position_cluster = next;
			*run = length;
			return FS_OK;
		}
		length++;
	}
	file->position_index = index + length - 1;
	file->position_cluster = cluster + length - 1;
	*run = length;
	return FS_OK;
}

/* Reads `length` bytes starting `offset` bytes into the device sectors from
 * `lba`: a partial first or last sector through the volume's buffer, the
 * whole sectors between straight into `out` with one call. */
static int fat_read_span(struct fat_volume *volume, uint64_t lba, uint64_t offset, uint8_t *out,
			 uint64_t length)
{
	uint32_t shift = volume->device_sector_shift;
	uint64_t mask = ((uint64_t)1 << shift) - 1;

	lba += offset >> shift;
	offset &= mask;
	while (length > 0) {
		if (offset != 0 || length <= mask) {
			uint64_t piece = ((uint64_t)1 << shift) - offset;
			const uint8_t *data = fat_read_buffered(volume, lba, 1);

			if (!data)
				return FS_ERR_IO;
			piece = piece < length ? piece : length;
			__builtin_memcpy(out, data + offset, (size_t)piece);
			out += piece;
			length -= piece;
			offset = 0;
			lba++;
		} else {
			uint64_t sectors = length >> shift;
			int error = fat_read_device(volume, lba, (uint32_t)sectors, out);

			if (error != FS_OK)
				return error;
			out += sectors << shift;
			length -= sectors << shift;
			lba += sectors;
		}
	}
	return FS_OK;
}

int64_t fat_read(struct fat_file *file, uint64_t offset, void *buffer, uint64_t length)
{
	struct fat_volume *volume = file->volume;
	uint32_t shift = volume->cluster_shift;
	uint8_t *out = buffer;
	uint64_t done = 0;

	volume->detail = 0;
	if (offset >= file->size)
		return 0;
	if (length > file->size - offset)
		length = file->size - offset;

	while (done < length) {
		uint64_t position = offset + done;
		uint32_t index = (uint32_t)(position >> shift);
		uint32_t last = (uint32_t)((offset + length - 1) >> shift);
		uint64_t run_end;
		uint64_t piece;
		uint32_t cluster;
		uint32_t run;
		int error;

		error = fat_file_cluster(file, index, &cluster);
		if (error != FS_OK)
			return error;
		error = fat_file_run(file, index, cluster, last - index + 1, &run);
		if (error != FS_OK)
			return error;
		run_end = (uint64_t)(index + run) << shift;
		piece = run_end - position < length - done ? run_end - position : length - done;
		error = fat_read_span(volume, fat_device_lba(volume, fat_cluster_sector(volume, cluster)),
				      position - ((uint64_t)index << shift), out + done, piece);
		if (error != FS_OK)
			return error;
		done += piece;
	}
	return (int64_t)done;
}
