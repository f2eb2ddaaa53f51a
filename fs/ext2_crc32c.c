/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: it
 * only checks the 1 KiB superblock, so a 1 KiB table would cost more than
 * the time it saves. ext4 starts from ~0 and stores the register as it is
 * ("Checksums"). */
#include "fs/ext2_internal.h"

#define EXT2_CRC32C_POLY 0x82F63B78u

uint32_t ext2_crc32c(uint32_t crc, const uint8_t *data, size_t length)
{
	size_t i;
	int bit;

	for (i = 0; i < length; i++) {
		crc ^= data[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (EXT2_CRC32C_POLY & (0u - (crc & 1u)));
	}
	return crc;
}
