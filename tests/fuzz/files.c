#include "tests/fuzz/files.h"

#include <stdio.h>
#include <stdlib.h>

const char *const fuzz_paths[] = {
	"/boot/ghostboot.cfg",
	"/ghostboot.cfg",
	"/boot/kernel.elf",
	"/boot/modules/hello.gbm",
	"/boot/modules.lst",
	"/BOOT/GHOSTB~1.CFG",
	"/Long File Name With Spaces.txt",
	"/d1/d2/d3/deep.txt",
	"/links/relative",
	"/links/absolute",
	"/links/loop",
	"/links/slow",
	"/big.bin",
	"/sparse.bin",
	"/dir/../ghostboot.cfg",
	"/missing",
	0,
};

static void fuzz_read_piece(fuzz_read_fn read, void *file, uint64_t size, uint64_t offset,
			    uint64_t length)
{
	uint8_t *buffer = malloc(length ? length : 1);
	int64_t got = read(file, offset, buffer, length);
	uint64_t expected = offset >= size ? 0 : size - offset < length ? size - offset : length;

	/* A reader may fail on a damaged volume; it may never claim more
	 * bytes than the file has, nor fewer when it succeeds. */
	if (got >= 0 && (uint64_t)got != expected) {
		fprintf(stderr, "read of %llu bytes at %llu of %llu returned %lld\n",
			(unsigned long long)length, (unsigned long long)offset,
			(unsigned long long)size, (long long)got);
		abort();
	}
	free(buffer);
}

void fuzz_read_file(fuzz_read_fn read, void *file, uint64_t size)
{
	uint64_t head = size < 16384 ? size : 16384;

	fuzz_read_piece(read, file, size, 0, head);
	if (size > 3)
		fuzz_read_piece(read, file, size, size / 3, size / 3 < 5000 ? size / 3 : 5000);
	if (size > head)
		fuzz_read_piece(read, file, size, size - 1000 < head ? head : size - 1000, 1000);
	fuzz_read_piece(read, file, size, size, 1);
}
