/* What the FAT and ext fuzzers do with a mounted volume: open each of a
 * list of paths (those stage 2 and the seed images use) and read what
 * opens, in pieces, into buffers of exactly the size asked for, so that
 * AddressSanitizer sees any byte written past them. */
#ifndef GHOSTBOOT_TESTS_FUZZ_FILES_H
#define GHOSTBOOT_TESTS_FUZZ_FILES_H

#include <stdint.h>

/* The paths looked up on every volume. */
extern const char *const fuzz_paths[];

/* A reader's read call: up to `length` bytes at `offset`, as fs_read. */
typedef int64_t (*fuzz_read_fn)(void *file, uint64_t offset, void *buffer, uint64_t length);

/* Reads the start, an odd middle piece and the end of a file of `size`
 * bytes, at most a few dozen KiB in all: a sparse file of 4 GiB must not
 * cost seconds. Aborts when a read that succeeds returns other than what
 * the file holds from there. */
void fuzz_read_file(fuzz_read_fn read, void *file, uint64_t size);

#endif
