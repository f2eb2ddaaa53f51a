/* Bit at a time rather than table driven: it keeps stage 2 small, and the
 * few kilobytes of a partition table cost nothing to check this way. */
#include "fs/crc32.h"

#define CRC32_POLYNOMIAL 0xEDB88320u /* 0x04C11DB7 bit-reversed */

uint32_t crc32_update(uint32_t crc, const void *data, size_t length)
{
	const uint8_t *byte = data;
	unsigned bit;

	crc = ~crc;
	while (length--) {
		crc ^= *byte++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLYNOMIAL & (0u - (crc & 1)));
	}
	return ~crc;
}
