/* File data: the runs of blocks a read covers, merged where they continue
 * each other on the disk, each read in as few device calls as its
 * alignment allows; holes and uninitialized extents read as zeros. */
#include "fs/ext2_internal.h"

/* The run holding `logical`, cut to start there. */
static int ext2_find_run(struct ext2_file *file, uint64_t logical, uint64_t wanted,
			 struct ext2_run *run)
{
	uint64_t skip;
	int error;

	if (file->i_flags & EXT4_EXTENTS_FL)
		error = ext2_extent_find(file->volume, file->i_block, logical, run);
	else
		error = ext2_blockmap_find(file->volume, file->i_block, logical, wanted, run);
	if (error != FS_OK)
		return error;
	skip = logical - run->logical;
	run->logical = logical;
	run->length -= skip;
	if (!run->zero)
		run->physical += skip;
	return FS_OK;
}

int ext2_file_run(struct ext2_file *file, uint64_t logical, uint64_t wanted, struct ext2_run *run)
{
	struct ext2_run next;
	int error;

	if (file->run.length != 0 && logical >= file->run.logical &&
	    logical - file->run.logical < file->run.length) {
		*run = file->run;
	} else {
		error = ext2_find_run(file, logical, wanted, run);
		if (error != FS_OK)
			return error;
	}
	/* Each step adds at least one block, so this ends within `wanted`. */
	while (run->logical + run->length < logical + wanted) {
		uint64_t at = run->logical + run->length;

		error = ext2_find_run(file, at, logical + wanted - at, &next);
		if (error != FS_OK)
			return error;
		if (next.zero != run->zero || (!run->zero && next.physical != run->physical + run->length)) {
			file->run = next; /* where the next read of the file starts */
			return FS_OK;
		}
		run->length += next.length;
	}
	file->run = *run;
	return FS_OK;
}

int64_t ext2_read(struct ext2_file *file, uint64_t offset, void *buffer, uint64_t length)
{
	struct ext2_volume *volume = file->volume;
	uint32_t shift = volume->block_shift;
	uint64_t mask = ((uint64_t)1 << shift) - 1;
	uint8_t *out = buffer;
	uint64_t done = 0;

	volume->detail = 0;
	if (offset >= file->size)
		return 0;
	if (length > file->size - offset)
		length = file->size - offset;

	while (done < length) {
		uint64_t position = offset + done;
		uint64_t logical = position >> shift;
		uint64_t last = (offset + length - 1) >> shift;
		uint64_t run_end;
		uint64_t piece;
		struct ext2_run run;
		int error;

		error = ext2_file_run(file, logical, last - logical + 1, &run);
		if (error != FS_OK)
			return error;
		run_end = (run.logical + run.length) << shift;
		piece = run_end - position < length - done ? run_end - position : length - done;
		if (run.zero) {
			__builtin_memset(out + done, 0, (size_t)piece);
		} else {
			error = ext2_read_bytes(volume,
						((run.physical + (logical - run.logical)) << shift) + (position & mask),
						out + done, piece);
			if (error != FS_OK)
				return error;
		}
		done += piece;
	}
	return (int64_t)done;
}
