/* Sector reads for the FAT reader: straight into a caller's memory, or
 * through the volume's one-sector buffer, which remembers what it holds so
 * small reads of the same sector (directory scans, unaligned file pieces)
 * do not go back to the disk. */
#include "fs/fat_internal.h"

int fat_read_device(struct fat_volume *volume, uint64_t lba, uint32_t count, void *buffer)
{
	if (blockdev_read_each(&volume->dev, lba, count, buffer, volume->detail_text) != 0)
		return fat_fail(volume, FS_ERR_IO, volume->detail_text);
	return FS_OK;
}

/* `count` device sectors at `lba`, at most FAT_MAX_SECTOR_SIZE bytes; 0 on error. */
const uint8_t *fat_read_buffered(struct fat_volume *volume, uint64_t lba, uint32_t count)
{
	if (volume->buffer_count != 0 && lba >= volume->buffer_lba &&
	    lba + count <= volume->buffer_lba + volume->buffer_count)
		return volume->buffer + ((lba - volume->buffer_lba) << volume->device_sector_shift);

	volume->buffer_count = 0;
	if (fat_read_device(volume, lba, count, volume->buffer) != FS_OK)
		return 0;
	volume->buffer_lba = lba;
	volume->buffer_count = count;
	return volume->buffer;
}
