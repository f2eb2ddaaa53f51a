#include "cli/install/install.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/common/progress.h"
#include "cli/disk/bootcode.h"
#include "cli/disk/install_target.h"
#include "cli/install/bios_boot.h"
#include "cli/install/foreign_boot.h"
#include "cli/install/mbr_gap.h"
#include "cli/install/reserved_sectors.h"
#include "cli/install/stage2_file.h"
#include "cli/install/stage2_home.h"
#include "cli/install/uefi_loader.h"
#include "cli/install/undo.h"
#include "cli/install/uninstall.h"
#include "cli/tools/tool.h"
#include "fs/fat_disk.h"

static const char usage[] =
	"usage: ghostboot install TARGET [--firmware bios|uefi|both] [--partition N] [--force]\n"
	"                         [--progress]\n"
	"       ghostboot install --verify [--firmware bios|uefi|both] TARGET\n"
	"\n"
	"Makes an image file or block device bootable without changing a partition\n"
	"table, a BPB or any file. Stage 2 goes, in this order of preference:\n"
	"  MBR disk:          into the gap between the MBR and the first partition\n"
	"  GPT disk:          into the BIOS boot partition\n"
	"  unpartitioned FAT: into the volume's free reserved sectors\n"
	"and where none of these has room (and on unpartitioned ext2/3/4), into the\n"
	"file " STAGE2_FILE_PATH " on the boot volume, which must lie in at most\n"
	"two runs of sectors. Stage 1 goes into the MBR's boot code (bytes 0..439),\n"
	"the FAT volume's boot sector (keeping its BPB), or sector 0 of an\n"
	"unpartitioned ext volume. Install refuses, saying why, where nothing is safe.\n"
	"What it overwrites is kept on the disk for ghostboot uninstall.\n"
	"\n"
	"  --firmware F   bios (the default): stage 1 and 2 as above; uefi: the UEFI\n"
	"                 loader copied to \\EFI\\BOOT\\BOOTX64.EFI on the disk's EFI\n"
	"                 system partition, which must have room, nothing else there\n"
	"                 changed; both: the two\n"
	"  --partition N  boot from partition N (MBR: 1-4 primary, 5 and up logical;\n"
	"                 GPT: the entry's number); default: the first holding\n"
	"                 /boot/ghostboot.cfg or /ghostboot.cfg\n"
	"  --force        overwrite foreign data in the gap after the MBR or in the\n"
	"                 BIOS boot partition, or another loader's BOOTX64.EFI\n"
	"  --verify       write nothing: check that stage 1, its blocklist and stage 2\n"
	"                 (with --firmware uefi: the UEFI loader; both: all three) on\n"
	"                 TARGET are intact and are this version's\n"
	"  --progress     a line on stderr for each step; without it, only for a\n"
	"                 device or an image over 256 MiB when stderr is a terminal\n"
	"  -h, --help     show this help\n";

/* Stage 2's home: the layout's own place, else a file on the boot volume. */
static int place_stage2(const struct install_target *target, uint32_t sectors, int force,
			struct stage2_home *home)
{
	enum placement placed = NO_ROOM;

	memset(home, 0, sizeof(*home));
	switch (target->layout) {
	case LAYOUT_MBR:
		placed = mbr_gap_place(target, sectors, force, home);
		break;
	case LAYOUT_GPT:
		placed = bios_boot_place(target, sectors, force, home);
		break;
	case LAYOUT_WHOLE_FAT:
		placed = reserved_sectors_place(target, sectors, home);
		break;
	case LAYOUT_WHOLE_EXT:
		snprintf(home->no_room, sizeof(home->no_room),
			 "an unpartitioned ext volume leaves no sectors outside its files");
		break;
	}
	if (placed != NO_ROOM)
		return placed == PLACED ? 0 : -1;
	if (stage2_file_place(target, sectors, home) != PLACED)
		return error("no room for stage 2: %s, and it cannot go into a file either (above)",
			     home->no_room);
	return 0;
}

static int write_stage2(const struct install_target *target, const uint8_t *stage2,
			const struct stage2_home *home)
{
	uint64_t done = 0;
	unsigned i;

	progress_step("writing stage 2 %s", home->where);
	for (i = 0; i < home->extent_count; i++) {
		size_t length = (size_t)home->extents[i].count * SECTOR_SIZE;

		if (image_write(&target->image, home->extents[i].lba * SECTOR_SIZE, stage2 + done,
				length) != 0)
			return -1;
		done += length;
	}
	return image_sync(&target->image);
}

/* FAT32 keeps a copy of the boot sector (BPB_BkBootSec); fsck.fat checks
 * that the two agree, so the copy gets the same boot code. */
static int write_vbr_backup(const struct install_target *target,
			    const struct gb_stage1_patch *patch)
{
	const struct fat_boot_sector *boot = (const void *)target->sector0;
	uint32_t per_logical = fat_le16(boot->bpb.BPB_BytsPerSec) / SECTOR_SIZE;
	uint16_t backup = fat_le16(boot->ext.fat32.BPB_BkBootSec);
	uint64_t offset = (uint64_t)backup * per_logical * SECTOR_SIZE;
	uint8_t sector[SECTOR_SIZE];

	/* "BPB_FATSz16 ... On FAT32 volumes this field must be 0." */
	if (fat_le16(boot->bpb.BPB_FATSz16) != 0 || backup == 0 || backup == 0xffff ||
	    backup >= fat_le16(boot->bpb.BPB_RsvdSecCnt))
		return 0;
	if (image_read(&target->image, offset, sector, SECTOR_SIZE) != 0)
		return -1;
	/* Only a true copy: never write over a sector whose BPB differs. */
	if (memcmp(sector + GB_VBR_BPB_START, target->sector0 + GB_VBR_BPB_START,
		   GB_VBR_CODE_START - GB_VBR_BPB_START) != 0)
		return 0;
	bootcode_vbr(sector, patch);
	return image_write(&target->image, offset, sector, SECTOR_SIZE);
}

static const char *stage1_home_name(const struct install_target *target)
{
	switch (target->layout) {
	case LAYOUT_MBR:
		return "the MBR's boot code (bytes 0..439 of sector 0)";
	case LAYOUT_GPT:
		return "the protective MBR's boot code (bytes 0..439 of sector 0)";
	case LAYOUT_WHOLE_FAT:
		return "the FAT volume's boot sector (its BPB kept)";
	case LAYOUT_WHOLE_EXT:
		return "sector 0, the ext volume's boot block";
	}
	return "sector 0";
}

/* Another loader's boot code is replaced, never silently; undo_save has
 * kept it for uninstall. */
static void name_replaced_code(const struct install_target *target)
{
	const char *name = foreign_boot_name(target->sector0, GB_STAGE1_CODE_LIMIT);

	if (name)
		warning("%s: replacing %s in %s (ghostboot uninstall puts it back)",
			target->image.path, name, stage1_home_name(target));
}

/* Stage 1 into the boot sector of the layout, pointing at `home`. */
static int write_stage1(const struct install_target *target, const struct stage2_home *home)
{
	struct gb_stage1_patch patch;
	uint8_t sector[SECTOR_SIZE];

	name_replaced_code(target);
	progress_step("writing stage 1 into %s", stage1_home_name(target));
	bootcode_patch(&patch, home->extents, home->extent_count, !target->floppy);
	switch (target->layout) {
	case LAYOUT_MBR:
	case LAYOUT_GPT:
		bootcode_mbr(sector, &patch);
		if (image_write(&target->image, 0, sector, GB_STAGE1_CODE_LIMIT) != 0)
			return -1;
		break;
	case LAYOUT_WHOLE_FAT:
		memcpy(sector, target->sector0, SECTOR_SIZE);
		bootcode_vbr(sector, &patch);
		if (write_vbr_backup(target, &patch) != 0 ||
		    image_write(&target->image, 0, sector, SECTOR_SIZE) != 0)
			return -1;
		break;
	case LAYOUT_WHOLE_EXT:
		/* The ext boot block ("ext4 Disk Layout": the first 1024 bytes
		 * are left to boot code): MBR code and the signature, bytes
		 * 440..509 zero, as checked before. */
		memset(sector, 0, sizeof(sector));
		bootcode_mbr(sector, &patch);
		sector[510] = 0x55;
		sector[511] = 0xaa;
		if (image_write(&target->image, 0, sector, SECTOR_SIZE) != 0)
			return -1;
		break;
	}
	return image_sync(&target->image);
}

/* What stage 1's home must hold before it is written. */
static int check_stage1_home(const struct install_target *target)
{
	unsigned i;

	switch (target->layout) {
	case LAYOUT_MBR:
	case LAYOUT_GPT:
		return 0; /* bytes 0..439 are boot code by definition */
	case LAYOUT_WHOLE_FAT:
		if (target->sector0[510] != 0x55 || target->sector0[511] != 0xaa)
			return error("%s: the FAT boot sector lacks the 0x55AA signature, without "
				     "which a BIOS will not boot it",
				     target->image.path);
		return 0;
	case LAYOUT_WHOLE_EXT:
		for (i = GB_STAGE1_CODE_LIMIT; i < 510; i++)
			if (target->sector0[i])
				return error("%s: sector 0 of the ext volume holds data at bytes "
					     "440..509, where stage 1 must leave zeros",
					     target->image.path);
		return 0;
	}
	return 0;
}

static void report(const struct install_target *target, uint32_t sectors,
		   const struct stage2_home *home)
{
	const struct partition *boot = target->boot.partition;

	if (home->no_room[0])
		printf("ghostboot: %s: stage 2 goes into a file instead\n", home->no_room);
	printf("stage 2: %u sectors %s\n", sectors, home->where);
	printf("stage 1: %s%s\n", stage1_home_name(target),
	       target->floppy ? ", for a floppy (drive number from the BIOS)" : "");
	if (boot->number)
		printf("ghostboot: installed on %s (%s): booting partition %u (%s, sectors "
		       "%llu..%llu)\n",
		       target->image.path, install_target_layout_name(target->layout), boot->number,
		       target->boot.filesystem, (unsigned long long)boot->first_lba,
		       (unsigned long long)(boot->first_lba + boot->sector_count - 1));
	else
		printf("ghostboot: installed on %s: booting the %s filesystem over the whole disk\n",
		       target->image.path, target->boot.filesystem);
}

int install_bootcode(const char *path, const struct install_options *options)
{
	uint32_t sectors = bootcode_stage2_sectors();
	struct install_target target;
	struct stage2_home home;
	uint8_t *stage2;
	int result = -1;

	if (bootcode_check() != 0)
		return -1;
	stage2 = malloc((size_t)sectors * SECTOR_SIZE);
	if (!stage2)
		return error("out of memory");
	if (install_target_open(&target, path, options->partition, 1) != 0) {
		free(stage2);
		return -1;
	}
	bootcode_stage2(stage2, (uint8_t)target.boot.partition->number,
			target.boot.partition->first_lba);
	/* Every check before the first write; stage 2 before stage 1, so that
	 * stage 1 never points at a stage 2 that is not all there. */
	progress_step("finding room for stage 2 (%u sectors) on %s", sectors, path);
	if (check_stage1_home(&target) == 0 &&
	    place_stage2(&target, sectors, options->force, &home) == 0 &&
	    undo_save(&target, &home) >= 0 && write_stage2(&target, stage2, &home) == 0 &&
	    write_stage1(&target, &home) == 0) {
		if (!options->quiet)
			report(&target, sectors, &home);
		result = 0;
	}
	install_target_close(&target);
	free(stage2);
	return result;
}

int install_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "partition", required_argument, 0, 'p' },
		{ "force", no_argument, 0, 'f' },
		{ "verify", no_argument, 0, 'v' },
		{ "progress", no_argument, 0, 'P' },
		{ "firmware", required_argument, 0, 'F' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct install_options options = { .partition = 0 };
	unsigned long number;
	int option, result, signal_number, verify = 0, progress = 0;
	int bios = 1, uefi = 0; /* --firmware */

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		switch (option) {
		case 'p':
			if (parse_unsigned(optarg, 254, &number) != 0 || number == 0)
				return usage_error("install", "--partition takes a number from 1 "
							      "to 254, not '%s'",
						   optarg);
			options.partition = (unsigned)number;
			break;
		case 'f':
			options.force = 1;
			break;
		case 'v':
			verify = 1;
			break;
		case 'P':
			progress = 1;
			break;
		case 'F':
			if (strcmp(optarg, "bios") && strcmp(optarg, "uefi") && strcmp(optarg, "both"))
				return usage_error("install", "--firmware takes bios, uefi or both, "
							      "not '%s'",
						   optarg);
			bios = strcmp(optarg, "uefi") != 0;
			uefi = strcmp(optarg, "bios") != 0;
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
	if (verify)
		return (!bios || install_verify(argv[optind]) == 0) &&
				       (!uefi || install_verify_uefi_loader(argv[optind]) == 0)
			       ? EXIT_OK
			       : EXIT_FAILED;
	/* Interrupted halfway, install would leave the disk neither as it was
	 * nor bootable: a signal waits until it has finished or given up. */
	cleanup_catch_signals();
	cleanup_hold_signals();
	tool_writes(argv[optind]);
	progress_start(progress, argv[optind], 0);
	/* The UEFI loader first: it refuses without writing anything. */
	result = uefi ? install_uefi_loader(argv[optind], options.force, 0) : 0;
	if (result == 0 && bios)
		result = install_bootcode(argv[optind], &options);
	signal_number = cleanup_take_held_signal();
	cleanup_release_signals();
	if (signal_number && result == 0)
		warning("%s came while install was writing; it finished first: %s is bootable",
			signal_number == SIGINT ? "SIGINT" : signal_number == SIGHUP ? "SIGHUP"
										     : "SIGTERM",
			argv[optind]);
	return result == 0 ? EXIT_OK : EXIT_FAILED;
}
