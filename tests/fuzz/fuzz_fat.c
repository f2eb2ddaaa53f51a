/* libFuzzer target: the FAT12/16/32 reader (fs/fat*.c). The input is a
 * disk image from sector 0, zeros after it up to 64 MiB (tests/fuzz/disk.h),
 * on a device of 512-byte sectors and on one of 4096-byte sectors: mount
 * it, open each path of tests/fuzz/files.c, read what opens. */
#include <stddef.h>
#include <stdint.h>

#include "fs/fat.h"
#include "tests/fuzz/disk.h"
#include "tests/fuzz/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t read_fat(void *file, uint64_t offset, void *buffer, uint64_t length)
{
	return fat_read(file, offset, buffer, length);
}

static void fuzz_volume(const uint8_t *data, size_t size, uint32_t sector_size)
{
	static struct fat_volume volume;
	struct fuzz_disk disk;
	struct blockdev dev;

	fuzz_disk_init(&dev, &disk, data, size, sector_size, 64u << 20);
	if (fat_mount(&volume, &dev) != 0)
		return;
	for (unsigned i = 0; fuzz_paths[i]; i++) {
		struct fat_file file;

		if (fat_open(&volume, fuzz_paths[i], &file) == 0)
			fuzz_read_file(read_fat, &file, file.size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_volume(data, size, 512);
	fuzz_volume(data, size, 4096);
	return 0;
}
