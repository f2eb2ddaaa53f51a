/* libFuzzer target: the ext2/3/4 reader (fs/ext2*.c). The input is a disk
 * image from sector 0, zeros after it up to 1 GiB (tests/fuzz/disk.h), on a
 * device of 512-byte sectors and on one of 4096-byte sectors (blocks of
 * 1 KiB are then smaller than a sector): mount it, open each path of
 * tests/fuzz/files.c (symbolic links among them), read what opens. */
#include <stddef.h>
#include <stdint.h>

#include "fs/ext2.h"
#include "tests/fuzz/disk.h"
#include "tests/fuzz/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t read_ext(void *file, uint64_t offset, void *buffer, uint64_t length)
{
	return ext2_read(file, offset, buffer, length);
}

static void fuzz_volume(const uint8_t *data, size_t size, uint32_t sector_size)
{
	static struct ext2_volume volume;
	struct fuzz_disk disk;
	struct blockdev dev;

	fuzz_disk_init(&dev, &disk, data, size, sector_size, 1u << 30);
	if (ext2_mount(&volume, &dev) != 0)
		return;
	for (unsigned i = 0; fuzz_paths[i]; i++) {
		struct ext2_file file;

		if (ext2_open(&volume, fuzz_paths[i], &file) == 0)
			fuzz_read_file(read_ext, &file, file.size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_volume(data, size, 512);
	fuzz_volume(data, size, 4096);
	return 0;
}
