#include "install.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fs/partition.h"
#include "boot_partition.h"
#include "bootcode.h"
#include "diag.h"
#include "image.h"
#include "options.h"
#include "stage2_room.h"

static const char usage[] =
	"usage: ghostboot install TARGET [--partition N] [--force]\n"
	"\n"
	"Makes an image file or block device with an MBR partition table bootable:\n"
	"stage 1 goes into the MBR's boot code area (bytes 0..439; the disk\n"
	"signature and partition table are kept), stage 2 into the sectors between\n"
	"the MBR and the first partition. No partition table, boot sector or file\n"
	"is changed. Install refuses, saying why, when that gap is too small or\n"
	"holds another boot loader's data.\n"
	"\n"
	"  --partition N  boot from partition N (1-4 primary, 5 and up logical);\n"
	"                 default: the first holding /boot/ghostboot.cfg or\n"
	"                 /ghostboot.cfg\n"
	"  --force        overwrite foreign data in the gap after the MBR\n"
	"  -h, --help     show this help\n";

static int read_table(const struct image *image, uint8_t mbr[SECTOR_SIZE],
		      struct partition_table *table)
{
	struct blockdev disk;
	const char *detail;

	if (image->size < SECTOR_SIZE)
		return error("%s is smaller than one sector", image->path);
	if (image_read(image, 0, mbr, SECTOR_SIZE) != 0)
		return -1;
	if (mbr[510] != 0x55 || mbr[511] != 0xaa)
		return error("%s has no MBR: sector 0 lacks the 0x55AA signature (partition it "
			     "first, e.g. with sfdisk)",
			     image->path);
	image_blockdev(image, &disk);
	if (partition_read_table(&disk, table, &detail) != 0)
		return error("%s: bad partition table: %s", image->path, detail);
	if (table->kind == PARTITION_TABLE_NONE)
		return error("%s is an unpartitioned FAT volume; installing there is not "
			     "supported yet: give it an MBR partition table",
			     image->path);
	if (table->count == 0)
		return error("%s has an empty partition table", image->path);
	return 0;
}

/* Writes stage 2, then stage 1: until the MBR points at it, a half-written
 * stage 2 is never run. Bytes 440..511 of sector 0 are never written. */
static int write_bootcode(const struct image *image, const struct partition *boot)
{
	uint32_t sectors = bootcode_stage2_sectors();
	uint8_t code[GB_STAGE1_CODE_LIMIT];
	uint8_t *stage2 = malloc((size_t)sectors * SECTOR_SIZE);
	int result;

	if (!stage2)
		return error("out of memory");
	bootcode_stage2(stage2, (uint8_t)boot->number, boot->first_lba);
	result = image_write(image, SECTOR_SIZE, stage2, (size_t)sectors * SECTOR_SIZE);
	free(stage2);
	if (result != 0 || image_sync(image) != 0)
		return -1;
	bootcode_stage1(code, 1);
	if (image_write(image, 0, code, sizeof(code)) != 0 || image_sync(image) != 0)
		return -1;
	return 0;
}

int install_bootcode(const char *target, const struct install_options *options)
{
	struct partition_table *table = malloc(sizeof(*table));
	uint8_t mbr[SECTOR_SIZE];
	struct boot_partition boot;
	struct blockdev disk;
	struct image image;
	int result = -1;

	if (!table)
		return error("out of memory");
	if (bootcode_check() != 0 || image_open(&image, target, 1) != 0) {
		free(table);
		return -1;
	}
	image_blockdev(&image, &disk);
	/* Every check before the first write. */
	if (read_table(&image, mbr, table) == 0 &&
	    stage2_room_check(&image, mbr, table, bootcode_stage2_sectors(), options->force) == 0 &&
	    (options->partition ? boot_partition_select(&disk, table, options->partition, &boot)
				: boot_partition_search(&disk, table, &boot)) == 0 &&
	    write_bootcode(&image, boot.partition) == 0) {
		if (!options->quiet)
			printf("ghostboot: installed on %s: stage 1 in the MBR, stage 2 in sectors 1..%u, "
			       "booting partition %u (%s, sectors %llu..%llu)\n",
			       target, bootcode_stage2_sectors(), boot.partition->number,
			       boot.filesystem, (unsigned long long)boot.partition->first_lba,
			       (unsigned long long)(boot.partition->first_lba +
						    boot.partition->sector_count - 1));
		result = 0;
	}
	image_close(&image);
	free(table);
	return result;
}

int install_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "partition", required_argument, 0, 'p' },
		{ "force", no_argument, 0, 'f' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct install_options options = { .partition = 0 };
	unsigned long number;
	int option;

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		switch (option) {
		case 'p':
			if (parse_unsigned(optarg, 255, &number) != 0 || number == 0)
				return usage_error("install", "--partition takes a number from 1 "
							      "to 255, not '%s'",
						   optarg);
			options.partition = (unsigned)number;
			break;
		case 'f':
			options.force = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return option_error("install", option, argv);
		}
	}
	if (optind == argc)
		return usage_error("install", "name the image file or device to install onto");
	if (argc - optind > 1)
		return usage_error("install", "unexpected argument '%s'", argv[optind + 1]);
	return install_bootcode(argv[optind], &options) == 0 ? EXIT_OK : EXIT_FAILED;
}
