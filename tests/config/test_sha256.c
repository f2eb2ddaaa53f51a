/* SHA-256 against the FIPS 180-4 example vectors, and against coreutils'
 * sha256sum (a tool nobody here wrote) on pseudo-random files of sizes
 * around every padding boundary, hashed in pseudo-random pieces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/sha256.h"
#include "tests/check.h"

static uint64_t prng_state = 0x9e3779b97f4a7c15ull;

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
		CHECK(digest_equals_hex(digest, vectors[i].digest), "FIPS vector of %zu bytes",
		      strlen(vectors[i].message));
	}

	static uint8_t million_a[1000000];
	memset(million_a, 'a', sizeof million_a);
	uint8_t digest[SHA256_SIZE];
	hash_once(million_a, sizeof million_a, digest);
	CHECK(digest_equals_hex(digest,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "FIPS vector: one million 'a' at once");
	hash_in_pieces(million_a, sizeof million_a, digest);
	CHECK(digest_equals_hex(digest,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "FIPS vector: one million 'a' in pieces");
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
	      "1 GiB message: 64-bit length field");
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
		      "random file of %zu bytes: same digest as sha256sum", size);
		CHECK(memcmp(ours, pieces, SHA256_SIZE) == 0,
		      "random file of %zu bytes: same digest hashed in pieces", size);
		free(data);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_fips_vectors();
	test_from_hex();
	test_against_sha256sum();
	test_long_message();
	CHECK_EXIT();
}
