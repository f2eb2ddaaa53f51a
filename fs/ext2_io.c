/* Byte-addressed reads for the ext reader. Metadata comes through the
 * volume's window of device sectors, filled a window at a time so walking a
 * directory, an inode table or a pointer block rarely goes back to the disk;
 * file data goes straight into the caller's memory, whole sectors at once.
 * A read error names its sector; read-ahead never fails a read by itself. */
#include "fs/ext2_internal.h"

int ext2_read_device(struct ext2_volume *volume, uint64_t lba, uint32_t count, void *buffer)
{
	if (blockdev_read_each(&volume->dev, lba, count, buffer, volume->detail_text) != 0)
		return ext2_fail(volume, FS_ERR_IO, volume->detail_text);
	return FS_OK;
}

int ext2_bytes(struct ext2_volume *volume, uint64_t at, uint32_t length, const uint8_t **data)
{
	uint32_t shift = volume->device_sector_shift;
	uint64_t first = at >> shift;
	uint64_t last = (at + length - 1) >> shift;
	uint64_t count = EXT2_BUFFER_SIZE >> shift;
	int error;

	if (volume->buffer_count != 0 && first >= volume->buffer_lba &&
	    last < volume->buffer_lba + volume->buffer_count) {
		*data = volume->buffer + (at - (volume->buffer_lba << shift));
		return FS_OK;
	}

	volume->buffer_count = 0;
	if (last >= volume->dev.sector_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "read past the end of the device");
	if (count > volume->dev.sector_count - first)
		count = volume->dev.sector_count - first;
	/* The sectors after those asked for may belong to another file or to
	 * free space: when reading them fails, only the ones asked for are read. */
	if (blockdev_read(&volume->dev, first, (uint32_t)count, volume->buffer) != 0) {
		count = last - first + 1;
		error = ext2_read_device(volume, first, (uint32_t)count, volume->buffer);
		if (error != FS_OK)
			return error;
	}
	volume->buffer_lba = first;
	volume->buffer_count = (uint32_t)count;
	*data = volume->buffer + (at - (first << shift));
	return FS_OK;
}

int ext2_read_bytes(struct ext2_volume *volume, uint64_t at, uint8_t *out, uint64_t length)
{
	uint32_t shift = volume->device_sector_shift;
	uint64_t mask = ((uint64_t)1 << shift) - 1;

	while (length > 0) {
		uint64_t piece;
		int error;

		if ((at & mask) != 0 || length <= mask) {
			const uint8_t *data;

			piece = ((uint64_t)1 << shift) - (at & mask);
			piece = piece < length ? piece : length;
			error = ext2_bytes(volume, at, (uint32_t)piece, &data);
			if (error != FS_OK)
				return error;
			__builtin_memcpy(out, data, (size_t)piece);
		} else {
			/* The device splits long runs itself; only keep the count in 32 bits. */
			uint64_t sectors = length >> shift;

			if (sectors > 0x40000000u)
				sectors = 0x40000000u;
			error = ext2_read_device(volume, at >> shift, (uint32_t)sectors, out);
			if (error != FS_OK)
				return error;
			piece = sectors << shift;
		}
		out += piece;
		at += piece;
		length -= piece;
	}
	return FS_OK;
}
