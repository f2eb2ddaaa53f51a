/* Little-endian fields of the images ghost writes and reads, byte by byte:
 * any alignment, any host. */
#ifndef GHOSTBOOT_GHOST_BYTES_H
#define GHOSTBOOT_GHOST_BYTES_H

#include <stdint.h>

static inline uint64_t ghost_load_le64(const uint8_t *p)
{
	uint64_t value = 0;
	for (unsigned i = 0; i < 8; i++)
		value |= (uint64_t)p[i] << (8 * i);
	return value;
}

static inline void ghost_store_le(uint8_t *p, uint64_t value, unsigned width)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(value >> (8 * i));
}

#endif
