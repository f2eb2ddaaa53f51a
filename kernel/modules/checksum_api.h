/* What the checksum module exports to modules loaded after it. */
#ifndef KERNEL_MODULES_CHECKSUM_API_H
#define KERNEL_MODULES_CHECKSUM_API_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3, as zlib computes it) of len bytes; needs the module's
 * init to have run. */
uint32_t crc32(const void *data, size_t len);

#endif
