/* SHA-256 against the FIPS 180-4 example vectors, and against coreutils'
 * sha256sum (a tool nobody here wrote) on pseudo-random files of sizes
 * around every padding boundary, hashed in pseudo-random pieces; all of it
 * with the portable code, then, when the CPU has them, with the SHA
 * extensions, which must also agree with the portable code message by
 * message. Without them the second half prints a skip line, not an ok. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/sha256.h"
#include "tests/check.h"

static uint64_t prng_state = 0x9e3779b97f4a7c15ull;

/* Which block function the checks below run: named in every check. */
static const char *block_function = "portable";

/* splitmix64: deterministic, so a failure reproduces. */
static uint64_t prng_next(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int digest_equals_hex(const uint8_t digest[SHA256_SIZE], const char *hex)
{
	uint8_t want[SHA256_SIZE];
	return sha256_from_hex(hex, strlen(hex), want) == 0 &&
	       memcmp(digest, want, SHA256_SIZE) == 0;
}

static void hash_once(const void *data, size_t length, uint8_t digest[SHA256_SIZE])
{
	struct sha256 ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, data, length);
	sha256_final(&ctx, digest);
}

/* Hashes in pieces of random sizes, empty pieces included. */
static void hash_in_pieces(const uint8_t *data, size_t length, uint8_t digest[SHA256_SIZE])
{
	struct sha256 ctx;
	sha256_init(&ctx);
	size_t done = 0;
	while (done < length) {
		size_t piece = (size_t)(prng_next() % 200);
		if (piece > length - done)
			piece = length - done;
		sha256_update(&ctx, data + done, piece);
		done += piece;
	}
	sha256_final(&ctx, digest);
}

static void test_fips_vectors(void)
{
	static const struct {
		const char *message;
		const char *digest;
	} vectors[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		 "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
	};
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		uint8_t digest[SHA256_SIZE];
		hash_once(vectors[i].message, strlen(vectors[i].message), digest);
		CHECK(digest_equals_hex(digest, vectors[i].digest), "%s: FIPS vector of %zu bytes",
		      block_function, strlen(vectors[i].message));
	}

	static uint8_t million_a[1000000];
	memset(million_a, 'a', sizeof million_a);
	uint8_t digest[SHA256_SIZE];
	hash_once(million_a, sizeof million_a, digest);
	CHECK(digest_equals_hex(digest,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "%s: FIPS vector: one million 'a' at once", block_function);
	hash_in_pieces(million_a, sizeof million_a, digest);
	CHECK(digest_equals_hex(digest,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "%s: FIPS vector: one million 'a' in pieces", block_function);
}

/* 1 GiB: its length in bits (2^33) no longer fits 32 bits. The vector is
 * the NIST long-message one, also published with the FIPS examples. */
static void test_long_message(void)
{
	static const char pattern[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno";
	static uint8_t buffer[1 << 16];
	for (size_t i = 0; i < sizeof buffer; i++)
		buffer[i] = (uint8_t)pattern[i % 64];

	struct sha256 ctx;
	sha256_init(&ctx);
	for (unsigned i = 0; i < (1u << 30) / sizeof buffer; i++)
		sha256_update(&ctx, buffer, sizeof buffer);
	uint8_t digest[SHA256_SIZE];
	sha256_final(&ctx, digest);
	CHECK(digest_equals_hex(digest,
				"50e72a0e26442fe2552dc3938ac58658228c0cbfb1d2ca872ae435266fcd055e"),
	      "%s: 1 GiB message: 64-bit length field", block_function);
}

static void test_from_hex(void)
{
	uint8_t digest[SHA256_SIZE];
	const char *upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
	CHECK(sha256_from_hex(upper, 64, digest) == 0 && digest[0] == 0xe3 && digest[31] == 0x55,
	      "hex digest in upper case parses");
	CHECK(sha256_from_hex(upper, 63, digest) == -1, "63 hex digits are refused");
	CHECK(sha256_from_hex(upper, 65, digest) == -1, "65 hex digits are refused");
	char bad[65];
	memcpy(bad, upper, 65);
	bad[40] = 'g';
	CHECK(sha256_from_hex(bad, 64, digest) == -1, "a non-hex digit is refused");
}

/* Runs sha256sum on `path`; returns 0 with its digest, else -1. */
static int sha256sum_of(const char *path, uint8_t digest[SHA256_SIZE])
{
	char command[600];
	snprintf(command, sizeof command, "sha256sum '%s'", path);
	FILE *pipe = popen(command, "r");
	if (!pipe)
		return -1;
	char hex[65] = "";
	int got = fscanf(pipe, "%64s", hex);
	int status = pclose(pipe);
	if (got != 1 || status != 0)
		return -1;
	return sha256_from_hex(hex, strlen(hex), digest);
}

static void test_against_sha256sum(void)
{
	static const size_t sizes[] = {
		0,   1,   3,    55,   56,   57,    63,    64,    65,         111,
		119, 120, 127,  128,  129,  1000,  4095,  4096,  65536 + 7,   (1 << 20) + 333,
		3 << 20,
	};
	/* The path goes into a shell command in single quotes: TMPDIR is used
	 * only when that is safe. */
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp || strlen(tmp) > 200 || strchr(tmp, '\''))
		tmp = "/tmp";
	char dir[256], path[300];
	snprintf(dir, sizeof dir, "%s/ghostboot-sha256.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		CHECK(0, "make a scratch directory in %s", tmp);
		return;
	}
	snprintf(path, sizeof path, "%s/data", dir);

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t size = sizes[i];
		uint8_t *data = malloc(size ? size : 1);
		for (size_t j = 0; j < size; j++)
			data[j] = (uint8_t)prng_next();
		FILE *file = fopen(path, "wb");
		int written = file && fwrite(data, 1, size, file) == size;
		if (file && fclose(file) != 0)
			written = 0;

		uint8_t ours[SHA256_SIZE], theirs[SHA256_SIZE], pieces[SHA256_SIZE];
		hash_once(data, size, ours);
		hash_in_pieces(data, size, pieces);
		CHECK(written && sha256sum_of(path, theirs) == 0 &&
			      memcmp(ours, theirs, SHA256_SIZE) == 0,
		      "%s: random file of %zu bytes: same digest as sha256sum", block_function, size);
		CHECK(memcmp(ours, pieces, SHA256_SIZE) == 0,
		      "%s: random file of %zu bytes: same digest hashed in pieces", block_function, size);
		free(data);
	}
	unlink(path);
	rmdir(dir);
}

static void hash_with(bool extensions, const uint8_t *data, size_t length, bool in_pieces,
		      uint8_t digest[SHA256_SIZE])
{
	sha256_use_cpu_extensions(extensions);
	if (in_pieces)
		hash_in_pieces(data, length, digest);
	else
		hash_once(data, length, digest);
}

/* Every length from 0 to 1000 bytes of random data, from two addresses a
 * byte apart in turn (the block function loads unaligned words), whole and
 * in pieces; and one hash whose updates alternate between the two block
 * functions. */
static void test_extensions_match_portable(void)
{
	static uint8_t buffer[1000 + 1];
	for (size_t i = 0; i < sizeof buffer; i++)
		buffer[i] = (uint8_t)prng_next();

	unsigned mismatches = 0, messages = 0;
	for (size_t length = 0; length <= 1000; length++) {
		const uint8_t *data = buffer + (length & 1);
		for (int in_pieces = 0; in_pieces <= 1; in_pieces++) {
			uint8_t portable[SHA256_SIZE], extensions[SHA256_SIZE];
			uint64_t pieces_seed = prng_state;
			hash_with(false, data, length, in_pieces, portable);
			prng_state = pieces_seed; /* the same pieces both ways */
			hash_with(true, data, length, in_pieces, extensions);
			mismatches += memcmp(portable, extensions, SHA256_SIZE) != 0;
			messages++;
		}
	}
	CHECK(mismatches == 0,
	      "SHA-NI: same digest as the portable code for %u random messages of 0 to 1000 "
	      "bytes, whole and in pieces (%u differ)",
	      messages, mismatches);

	static uint8_t large[(1 << 20) + 77];
	for (size_t i = 0; i < sizeof large; i++)
		large[i] = (uint8_t)prng_next();
	uint8_t whole[SHA256_SIZE], mixed[SHA256_SIZE];
	hash_with(false, large, sizeof large, false, whole);
	struct sha256 ctx;
	sha256_init(&ctx);
	size_t done = 0;
	for (unsigned turn = 0; done < sizeof large; turn++) {
		size_t piece = (size_t)(prng_next() % 5000);
		if (piece > sizeof large - done)
			piece = sizeof large - done;
		sha256_use_cpu_extensions(turn & 1);
		sha256_update(&ctx, large + done, piece);
		done += piece;
	}
	sha256_final(&ctx, mixed);
	CHECK(memcmp(whole, mixed, SHA256_SIZE) == 0,
	      "SHA-NI: a 1 MiB hash whose updates alternate between SHA-NI and the portable "
	      "code gives the portable digest");
}

static void test_digests(void)
{
	test_fips_vectors();
	test_against_sha256sum();
	test_long_message();
}

int main(void)
{
	test_from_hex();
	CHECK(!sha256_use_cpu_extensions(false), "the portable code when asked for");
	test_digests();

	if (!sha256_cpu_has_extensions()) {
		printf("skip - SHA-NI: this CPU has no SHA extensions (CPUID), only the portable "
		       "code was tested\n");
		CHECK_EXIT();
	}
	CHECK(sha256_use_cpu_extensions(true), "SHA-NI: in use when asked for on this CPU");
	block_function = "SHA-NI";
	test_digests();
	test_extensions_match_portable();
	CHECK_EXIT();
}
