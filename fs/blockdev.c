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

/* Decimal digits without a 64-bit division, which 32-bit stage 2 lacks:
 * each power of ten is subtracted as often as it fits. */
static void blockdev_decimal(char *out, uint64_t value)
{
	uint64_t powers[20];
	int top = 0;

	/* 10^0 up to the largest power not above `value`; 10^19 still fits. */
	powers[0] = 1;
	while (top < 19 && value >= powers[top] * 10) {
		powers[top + 1] = powers[top] * 10;
		top++;
	}
	for (; top >= 0; top--) {
		char digit = '0';

		while (value >= powers[top]) {
			value -= powers[top];
			digit++;
		}
		*out++ = digit;
	}
	*out = '\0';
}

int blockdev_read_each(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf,
		       char text[BLOCKDEV_ERROR_TEXT_SIZE])
{
	static const char prefix[] = "I/O error at LBA ";
	uint8_t *out = buf;
	uint32_t i;

	if (blockdev_read(dev, lba, count, buf) == 0)
		return 0;
	for (i = 0; i < count; i++, out += dev->sector_size) {
		if (blockdev_read(dev, lba + i, 1, out) != 0) {
			_Static_assert(sizeof(prefix) - 1 + 21 <= BLOCKDEV_ERROR_TEXT_SIZE, "room for the LBA");
			__builtin_memcpy(text, prefix, sizeof(prefix) - 1);
			blockdev_decimal(text + sizeof(prefix) - 1, dev->first_lba + lba + i);
			return -1;
		}
	}
	return 0;
}
