/* A disk made of a fuzzer's input, for the fs/ fuzzers: the input's bytes
 * from sector 0, zeros after them up to the device's size (so a seed may
 * be an image with its empty tail cut off), and a read error from every
 * sector that starts with FUZZ_BAD_SECTOR, so the fuzzer reaches the
 * readers' I/O error paths too. */
#ifndef GHOSTBOOT_TESTS_FUZZ_DISK_H
#define GHOSTBOOT_TESTS_FUZZ_DISK_H

#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

#define FUZZ_BAD_SECTOR "GBBADSEC"

struct fuzz_disk {
	const uint8_t *bytes;
	size_t size;
};

/* `dev` reads `disk`: `bytes` of sectors of `sector_size` bytes, or just
 * enough for the input when `bytes` is 0. */
void fuzz_disk_init(struct blockdev *dev, struct fuzz_disk *disk, const uint8_t *data,
		    size_t size, uint32_t sector_size, uint64_t bytes);

#endif
