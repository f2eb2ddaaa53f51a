/* libFuzzer target: the ext2/3/4 reader (fs/ext2*.c). The input is a disk
 * image from sector 0, zeros after it up to 1 GiB (tests/fuzz/disk.h):
 * mount it, open each path of tests/fuzz/files.c (symbolic links among
 * them), read what opens. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ext2_volume volume;
	struct fuzz_disk disk;
	struct blockdev dev;

	fuzz_disk_init(&dev, &disk, data, size, (1u << 30) / 512);
	if (ext2_mount(&volume, &dev) != 0)
		return 0;
	for (unsigned i = 0; fuzz_paths[i]; i++) {
		struct ext2_file file;

		if (ext2_open(&volume, fuzz_paths[i], &file) == 0)
			fuzz_read_file(read_ext, &file, file.size);
	}
	return 0;
}
