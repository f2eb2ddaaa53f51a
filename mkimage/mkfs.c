#include "mkimage/mkfs.h"

#include <stdio.h>

#include "cli/disk/image.h"
#include "cli/tools/tool.h"

int mkfs_fat(const char *path, enum format_fs fs, const struct format_volume *volume,
	     uint32_t reserved_sectors)
{
	char bits[8], offset[24], reserved[16], kib[24];
	char *argv[20];
	unsigned count = 0;

	snprintf(bits, sizeof(bits), "%d", fs == FORMAT_FAT12 ? 12 : fs == FORMAT_FAT16 ? 16 : 32);
	snprintf(offset, sizeof(offset), "%llu", (unsigned long long)volume->first_lba);
	snprintf(reserved, sizeof(reserved), "%u", reserved_sectors);
	/* mkfs.fat counts 1 KiB blocks: an odd last sector stays unused. */
	snprintf(kib, sizeof(kib), "%llu", (unsigned long long)(volume->sector_count / 2));
	argv[count++] = "mkfs.fat";
	argv[count++] = "-F";
	argv[count++] = bits;
	argv[count++] = "-S";
	argv[count++] = "512";
	argv[count++] = "-n";
	argv[count++] = "GHOSTBOOT";
	if (reserved_sectors) {
		argv[count++] = "-R";
		argv[count++] = reserved;
	}
	if (volume->first_lba) {
		/* -h: the BPB's hidden sectors, the partition's start, as DOS expects. */
		argv[count++] = "--offset";
		argv[count++] = offset;
		argv[count++] = "-h";
		argv[count++] = offset;
	}
	argv[count++] = (char *)path;
	argv[count++] = kib;
	argv[count] = 0;
	return tool_run(argv, 0);
}

int mkfs_ext(const char *path, enum format_fs fs, const struct format_volume *volume,
	     const char *staging)
{
	char extended[48], kib[32];
	char *argv[20];
	unsigned count = 0;

	/* The size with a "k" suffix, whatever block size mke2fs picks. */
	snprintf(kib, sizeof(kib), "%lluk", (unsigned long long)(volume->sector_count / 2));
	snprintf(extended, sizeof(extended), "offset=%llu",
		 (unsigned long long)(volume->first_lba * SECTOR_SIZE));
	argv[count++] = "mke2fs";
	argv[count++] = "-q";
	argv[count++] = "-F"; /* an image file, not a block device: no question asked */
	argv[count++] = "-t";
	argv[count++] = fs == FORMAT_EXT2 ? "ext2" : "ext4";
	argv[count++] = "-L";
	argv[count++] = "GHOSTBOOT";
	argv[count++] = "-d";
	argv[count++] = (char *)staging;
	if (volume->first_lba) {
		argv[count++] = "-E";
		argv[count++] = extended;
	}
	argv[count++] = (char *)path;
	argv[count++] = kib;
	argv[count] = 0;
	return tool_run(argv, 0);
}
