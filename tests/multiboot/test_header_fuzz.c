/* The Multiboot header parser on damaged copies of the test kernels' first
 * 32 KiB, built with AddressSanitizer and UBSan: a run of seeded random
 * byte changes in and around each header, each time both finders, and what
 * they accept must hold together: the header inside what was given, the
 * address fields' load inside the file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multiboot/header.h"
#include "tests/check.h"

#define ROUNDS 20000

static uint8_t original[MB2_SEARCH_SIZE], copy[MB2_SEARCH_SIZE];
static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)state;
}

static int address_sound(const struct mb_address *a, uint64_t file_size)
{
	return a->file_offset + a->load_size <= file_size && a->memory_end <= 0x100000000ull &&
	       a->load_addr + a->load_size <= a->memory_end;
}

static int fuzz(const char *path)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return -1;
	size_t size = fread(original, 1, sizeof original, file);
	fclose(file);
	/* Where the headers are: damage goes there most of the time. */
	size_t spots[2] = { 0, 0 };
	for (size_t at = 0; at + 4 <= size; at += 4) {
		uint32_t word;
		memcpy(&word, original + at, 4);
		if (word == MB1_HEADER_MAGIC)
			spots[0] = at;
		if (word == MB2_HEADER_MAGIC)
			spots[1] = at;
	}
	unsigned accepted = 0, failures = 0;
	for (unsigned round = 0; round < ROUNDS; round++) {
		size_t length = size - next() % 64 * (next() % 4 == 0);
		memcpy(copy, original, size);
		for (unsigned n = 1 + next() % 8; n; n--) {
			size_t base = next() % 4 ? spots[next() % 2] : 0;
			size_t at = (base + next() % 128) % size;
			copy[at] = (uint8_t)next();
		}
		struct mb1_header h1;
		struct mb2_header h2;
		const char *why;
		uint32_t number;
		if (mb1_header_find(copy, length, length, &h1, &why, &number) == 1) {
			accepted++;
			if (h1.offset + 12 > length || (h1.has_address &&
							!address_sound(&h1.address, length)))
				failures++;
		}
		if (mb2_header_find(copy, length, length, &h2, length & 1, &why, &number) == 1) {
			accepted++;
			if (h2.offset % 8 || h2.offset + h2.length > length ||
			    h2.request_count > MB2_MAX_REQUESTS ||
			    (h2.has_address && !address_sound(&h2.address, length)))
				failures++;
		}
	}
	CHECK(failures == 0, "%s: %u damaged copies, %u headers accepted, all consistent", path,
	      ROUNDS, accepted);
	return 0;
}

/* The test kernels of tests/boot/multiboot/, as tests/build.mk builds them
 * (run from the top of the tree, like every test). */
int main(void)
{
	static const char *const kernels[] = { "mb1", "mb1-aout", "mb2", "relocatable" };
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/tests/multiboot/%s.kernel", build, kernels[i]);
		CHECK(fuzz(path) == 0, "%s is there to damage", path);
	}
	CHECK_EXIT();
}
