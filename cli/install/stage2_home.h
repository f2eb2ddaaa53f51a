/* Where stage 2 goes: the runs of sectors stage 1 loads it from, decided
 * by one of the placements (mbr_gap.c, bios_boot.c, reserved_sectors.c,
 * stage2_file.c) before anything is written. */
#ifndef GHOSTBOOT_CLI_INSTALL_STAGE2_HOME_H
#define GHOSTBOOT_CLI_INSTALL_STAGE2_HOME_H

#include <stdint.h>

#include <ghostboot/bootcode.h>

enum placement {
	PLACED,           /* `home` is filled in */
	NO_ROOM,          /* nothing is wrong, there is just no room: `no_room` says why */
	PLACEMENT_FAILED, /* refused after an error (foreign data, a read error) */
};

struct stage2_home {
	struct gb_extent extents[GB_STAGE1_MAX_EXTENTS]; /* in load order */
	unsigned extent_count;
	int written;      /* stage 2 is already there (the file fallback writes it) */
	int in_file;      /* the extents are a file's: uninstall removes the file */
	char where[256];  /* for the report: "in the gap after the MBR, LBA 1..58" */
	char no_room[512]; /* why a placement had no room, for the report or the refusal */
};

#endif
