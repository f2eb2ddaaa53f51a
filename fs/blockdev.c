#include "fs/blockdev.h"

int blockdev_read(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	if (count == 0)
		return 0;
	if (lba >= dev->sector_count || count > dev->sector_count - lba)
		return -1;
	return dev->read(dev, dev->first_lba + lba, count, buf);
}

void blockdev_slice(struct blockdev *part, const struct blockdev *disk, uint64_t first_lba,
		    uint64_t count)
{
	*part = *disk;
	part->first_lba = disk->first_lba + first_lba;
	part->sector_count = count;
}
