#include "tests/fuzz/disk.h"

#include <string.h>

static int fuzz_disk_read(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	const struct fuzz_disk *disk = dev->context;
	uint8_t *out = buf;

	for (uint32_t i = 0; i < count; i++, out += dev->sector_size) {
		uint64_t at = (lba + i) * dev->sector_size;
		size_t have = at < disk->size ? disk->size - at : 0;

		if (have > dev->sector_size)
			have = dev->sector_size;
		if (have)
			memcpy(out, disk->bytes + at, have);
		memset(out + have, 0, dev->sector_size - have);
		if (have >= sizeof(FUZZ_BAD_SECTOR) - 1 &&
		    memcmp(out, FUZZ_BAD_SECTOR, sizeof(FUZZ_BAD_SECTOR) - 1) == 0)
			return -1;
	}
	return 0;
}

void fuzz_disk_init(struct blockdev *dev, struct fuzz_disk *disk, const uint8_t *data,
		    size_t size, uint32_t sector_size, uint64_t bytes)
{
	disk->bytes = data;
	disk->size = size;
	dev->read = fuzz_disk_read;
	dev->context = disk;
	dev->first_lba = 0;
	dev->sector_size = sector_size;
	dev->sector_count = ((bytes ? bytes : size) + sector_size - 1) / sector_size;
}
