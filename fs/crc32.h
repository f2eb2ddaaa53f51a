/* CRC-32 as IEEE 802.3 defines it (reflected polynomial 0xEDB88320, initial
 * value and final XOR all ones): the check GPT puts on its header and its
 * partition entry array (UEFI specification, "GPT Header"). Portable: stage 2
 * and the CLI share it. */
#ifndef GHOSTBOOT_FS_CRC32_H
#define GHOSTBOOT_FS_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32 of the bytes checked so far (`crc`, 0 for none) followed by
 * `length` more bytes at `data`: crc32_update(crc32_update(0, a), b) is the
 * CRC-32 of a then b. */
uint32_t crc32_update(uint32_t crc, const void *data, size_t length);

#endif
