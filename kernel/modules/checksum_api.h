/* What the checksum module exports to modules loaded after it. */
#ifndef KERNEL_MODULES_CHECKSUM_API_H
#define KERNEL_MODULES_CHECKSUM_API_H

#include <stddef.h>
#include <stdint.h>

/* The version crc32 is exported with. An importer states it with
 * GB_IMPORT_VERSION, so that a module built against another contract is
 * refused at link time instead of miscalling. Raise it when the contract
 * below changes. */
#define CRC32_VERSION 1

/* CRC-32 (IEEE 802.3, as zlib computes it) of len bytes; needs the module's
 * init to have run. */
uint32_t crc32(const void *data, size_t len);

#endif
