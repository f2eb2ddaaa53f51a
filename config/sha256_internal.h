/* What config/sha256.c shares with its SHA-NI block function
 * (config/sha256_ni.c). */
#ifndef GHOSTBOOT_CONFIG_SHA256_INTERNAL_H
#define GHOSTBOOT_CONFIG_SHA256_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* FIPS 180-4 section 4.2.2: K0 to K63. */
extern const uint32_t sha256_round_constants[64];

/* Compresses `count` consecutive 64-byte blocks into `state` with the SHA
 * extensions; only once sha256_cpu_has_extensions() said yes and SSE
 * instructions may run. */
void sha256_ni_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
