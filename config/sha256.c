/* SHA-256 as FIPS 180-4 section 6.2 describes it. Pins are checked over
 * whole kernels and modules at boot, so the compression is written for
 * speed, and stage 2 compiles this file with -O2 (the Makefile); on a CPU
 * with the SHA extensions, once the program allows them, config/sha256_ni.c
 * compresses instead. */
#include "config/sha256.h"
#include "config/sha256_internal.h"

const uint32_t sha256_round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static const uint32_t initial_state[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t x)
{
	p[0] = (uint8_t)(x >> 24);
	p[1] = (uint8_t)(x >> 16);
	p[2] = (uint8_t)(x >> 8);
	p[3] = (uint8_t)x;
}

/* One round with the eight working variables named, not moved: the caller
 * rotates the names instead, eight rounds an iteration, so that no round
 * spends instructions shuffling registers (what the emulated and the old
 * CPUs stage 2 runs on pay for most). */
#define ROUND(a, b, c, d, e, f, g, h, k, w)                                                \
	do {                                                                               \
		uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +                   \
			      (g ^ (e & (f ^ g))) + (k) + (w);                                 \
		d += t1;                                                                   \
		h = t1 + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b))); \
	} while (0)

/* The message schedule in a ring of 16 words, extended as the rounds need it. */
#define SCHEDULE(w, t)                                                                     \
	(w[(t) & 15] += (rotr(w[((t) - 2) & 15], 17) ^ rotr(w[((t) - 2) & 15], 19) ^             \
			  (w[((t) - 2) & 15] >> 10)) +                                     \
			 w[((t) - 7) & 15] +                                               \
			 (rotr(w[((t) - 15) & 15], 7) ^ rotr(w[((t) - 15) & 15], 18) ^            \
			  (w[((t) - 15) & 15] >> 3)))

/* Aligned so that its loop never straddles a page: QEMU's TCG, where every
 * boot test runs, chains translated blocks only within a page, and a round
 * loop across two pages made a pinned 32 MiB kernel take 1.08 s, not 0.86. */
__attribute__((aligned(2048))) static void compress(uint32_t state[8],
						   const uint8_t block[SHA256_BLOCK_SIZE])
{
	uint32_t w[16];
	for (unsigned t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);

	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	for (unsigned t = 0; t < 64; t += 8) {
		if (t >= 16)
			for (unsigned i = t; i < t + 8; i++)
				SCHEDULE(w, i);
		const uint32_t *k = sha256_round_constants + t, *x = w + (t & 8);
		ROUND(a, b, c, d, e, f, g, h, k[0], x[0]);
		ROUND(h, a, b, c, d, e, f, g, k[1], x[1]);
		ROUND(g, h, a, b, c, d, e, f, k[2], x[2]);
		ROUND(f, g, h, a, b, c, d, e, k[3], x[3]);
		ROUND(e, f, g, h, a, b, c, d, k[4], x[4]);
		ROUND(d, e, f, g, h, a, b, c, k[5], x[5]);
		ROUND(c, d, e, f, g, h, a, b, k[6], x[6]);
		ROUND(b, c, d, e, f, g, h, a, k[7], x[7]);
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

/* Off until the program says SSE instructions may run. */
static bool use_extensions;

bool sha256_use_cpu_extensions(bool wanted)
{
	use_extensions = wanted && sha256_cpu_has_extensions();
	return use_extensions;
}

static void compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	if (use_extensions) {
		sha256_ni_blocks(state, blocks, count);
		return;
	}
	for (; count > 0; count--, blocks += SHA256_BLOCK_SIZE)
		compress(state, blocks);
}

void sha256_init(struct sha256 *ctx)
{
	for (unsigned i = 0; i < 8; i++)
		ctx->state[i] = initial_state[i];
	ctx->length = 0;
	ctx->block_used = 0;
}

void sha256_update(struct sha256 *ctx, const void *data, size_t length)
{
	const uint8_t *bytes = data;
	ctx->length += length;
	while (length > 0) {
		/* Whole blocks straight from the caller's buffer: no copy. */
		if (ctx->block_used == 0 && length >= SHA256_BLOCK_SIZE) {
			size_t whole = length / SHA256_BLOCK_SIZE * SHA256_BLOCK_SIZE;
			compress_blocks(ctx->state, bytes, whole / SHA256_BLOCK_SIZE);
			bytes += whole;
			length -= whole;
			continue;
		}
		size_t take = SHA256_BLOCK_SIZE - ctx->block_used;
		if (take > length)
			take = length;
		for (size_t i = 0; i < take; i++)
			ctx->block[ctx->block_used + i] = bytes[i];
		ctx->block_used += (unsigned)take;
		bytes += take;
		length -= take;
		if (ctx->block_used == SHA256_BLOCK_SIZE) {
			compress_blocks(ctx->state, ctx->block, 1);
			ctx->block_used = 0;
		}
	}
}

static void zero_block(struct sha256 *ctx, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		ctx->block[i] = 0;
}

void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_SIZE])
{
	/* Padding: a 1 bit, zeros, then the message length in bits in the last
	 * 8 bytes of a block; a second block when the first has no room. */
	uint64_t bits = ctx->length << 3;
	ctx->block[ctx->block_used++] = 0x80;
	if (ctx->block_used > SHA256_BLOCK_SIZE - 8) {
		zero_block(ctx, ctx->block_used, SHA256_BLOCK_SIZE);
		compress_blocks(ctx->state, ctx->block, 1);
		ctx->block_used = 0;
	}
	zero_block(ctx, ctx->block_used, SHA256_BLOCK_SIZE - 8);
	store_be32(ctx->block + SHA256_BLOCK_SIZE - 8, (uint32_t)(bits >> 32));
	store_be32(ctx->block + SHA256_BLOCK_SIZE - 4, (uint32_t)bits);
	compress_blocks(ctx->state, ctx->block, 1);

	for (unsigned i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sha256_from_hex(const char *hex, size_t length, uint8_t digest[SHA256_SIZE])
{
	if (length != 2 * SHA256_SIZE)
		return -1;
	for (unsigned i = 0; i < SHA256_SIZE; i++) {
		int high = hex_value(hex[2 * i]);
		int low = hex_value(hex[2 * i + 1]);
		if (high < 0 || low < 0)
			return -1;
		digest[i] = (uint8_t)(high << 4 | low);
	}
	return 0;
}
