/* SHA-256 (FIPS 180-4). Portable, no libc: stage 2 hashes a file while it
 * reads it, to check a `sha256=` pin; the CLI and the tests use it hosted. */
#ifndef GHOSTBOOT_CONFIG_SHA256_H
#define GHOSTBOOT_CONFIG_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256 {
	uint32_t state[8];
	uint64_t length; /* bytes hashed so far: 64 bits, files may pass 4 GiB */
	uint8_t block[SHA256_BLOCK_SIZE];
	unsigned block_used;
};

/* Whether the CPU has the SHA extensions (SHA-NI) and the SSSE3 and SSE4.1
 * shuffles their block function uses (CPUID). */
bool sha256_cpu_has_extensions(void);

/* From now on, hash with the SHA extensions when `wanted` and the CPU has
 * them, else with the portable code (the default); returns whether the
 * extensions are in use. They are SSE instructions: only a program in
 * which those may run asks for them (CR4.OSFXSR set, CR0.EM and CR0.TS
 * clear: a hosted process, the UEFI loader, stage 2 once it set them up,
 * stage2/cpu.h). The digest is the same either way, so the choice may
 * change between two updates of one hash. */
bool sha256_use_cpu_extensions(bool wanted);

void sha256_init(struct sha256 *ctx);
/* Hashes `length` more bytes; any split of the message gives the same digest. */
void sha256_update(struct sha256 *ctx, const void *data, size_t length);
/* Writes the digest; `ctx` must be initialised again before reuse. */
void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_SIZE]);

/* Parses exactly 64 hex digits (either case) into a digest. Returns 0, or
 * -1 when `length` is not 64 or a character is not a hex digit. */
int sha256_from_hex(const char *hex, size_t length, uint8_t digest[SHA256_SIZE]);

#endif
