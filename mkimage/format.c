#include "format.h"

#include <stdio.h>

#include "diag.h"
#include "image.h"
#include "tool.h"

#define MIB (1024u * 1024u)

/* Partition sizes, in MiB, within which mkfs.fat (default cluster sizes)
 * makes a volume whose cluster count really is of the FAT type asked for
 * (the type follows from the count: Microsoft's FAT specification), with
 * clusters of at most 32 KiB, which every reader accepts. FAT32 under
 * ~32.5 MiB would have too few clusters, FAT16 under ~8 MiB too. */
static const struct fat_limits {
	unsigned bits;
	uint64_t min_mib, max_mib;
} fat_limits[] = {
	{ 12, 1, 32 },
	{ 16, 9, 2047 },
	{ 32, 33, 2u * 1024 * 1024 - 1 }, /* an MBR counts sectors in 32 bits */
};

static const struct fat_limits *limits_of(unsigned bits)
{
	size_t i;

	for (i = 0; i < sizeof(fat_limits) / sizeof(fat_limits[0]); i++)
		if (fat_limits[i].bits == bits)
			return &fat_limits[i];
	return 0;
}

int format_check_size(uint64_t bytes, unsigned fat_bits)
{
	const struct fat_limits *limits = limits_of(fat_bits);
	const uint64_t gap = (uint64_t)FORMAT_PARTITION_START * SECTOR_SIZE;
	uint64_t partition;

	if (!limits)
		return error("FAT%u is not a FAT type", fat_bits);
	if (bytes % SECTOR_SIZE != 0)
		return error("the image size must be a multiple of %u bytes", SECTOR_SIZE);
	partition = bytes > gap ? bytes - gap : 0;
	if (partition < limits->min_mib * MIB)
		return error("FAT%u needs a partition of at least %llu MiB; the partition starts at "
			     "1 MiB: use --size %lluM or more",
			     fat_bits, (unsigned long long)limits->min_mib,
			     (unsigned long long)limits->min_mib + 1);
	if (partition > limits->max_mib * MIB)
		return error("FAT%u holds at most %llu MiB; the partition starts at 1 MiB: use "
			     "--size %lluM or less%s",
			     fat_bits, (unsigned long long)limits->max_mib,
			     (unsigned long long)limits->max_mib + 1,
			     fat_bits < 32 ? ", or a larger FAT type" : "");
	return 0;
}

static int write_partition_table(const char *path, unsigned fat_bits)
{
	/* MBR types: 0x01 FAT12, 0x0e FAT16 (LBA), 0x0c FAT32 (LBA). */
	const char *type = fat_bits == 12 ? "1" : fat_bits == 16 ? "e" : "c";
	char script[128];
	char *argv[] = { "sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", (char *)path, 0 };

	snprintf(script, sizeof(script), "label: dos\nstart=%u, type=%s, bootable\n",
		 FORMAT_PARTITION_START, type);
	return tool_run(argv, script);
}

static int make_filesystem(const char *path, uint64_t bytes, unsigned fat_bits)
{
	uint64_t sectors = bytes / SECTOR_SIZE - FORMAT_PARTITION_START;
	char bits[8], offset[24], kib[24];
	/* -h: the BPB's hidden sectors, the partition's start, as DOS expects. */
	char *argv[] = { "mkfs.fat", "-F", bits, "-S", "512", "-n", "GHOSTBOOT", "--offset",
			 offset, "-h", offset, (char *)path, kib, 0 };

	snprintf(bits, sizeof(bits), "%u", fat_bits);
	snprintf(offset, sizeof(offset), "%u", FORMAT_PARTITION_START);
	/* mkfs.fat counts 1 KiB blocks: an odd last sector stays unused. */
	snprintf(kib, sizeof(kib), "%llu", (unsigned long long)(sectors / 2));
	return tool_run(argv, 0);
}

int format_disk(const char *path, uint64_t bytes, unsigned fat_bits)
{
	if (format_check_size(bytes, fat_bits) != 0)
		return -1;
	if (write_partition_table(path, fat_bits) != 0)
		return -1;
	return make_filesystem(path, bytes, fat_bits);
}
