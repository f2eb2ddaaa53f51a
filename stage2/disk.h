/* BIOS disks behind the blockdev interface of fs/blockdev.h. */
#ifndef GHOSTBOOT_STAGE2_DISK_H
#define GHOSTBOOT_STAGE2_DISK_H

#include <stdint.h>

#include "fs/blockdev.h"

struct bios_disk {
	uint8_t drive;
	uint8_t has_extensions; /* INT 13h AH=42h works */
	uint16_t sectors_per_track; /* CHS geometry, for drives without extensions */
	uint16_t heads;
	uint32_t cylinders;
	uint32_t sector_size;
	/* The boot disk: reads go through a native driver while one holds it. */
	uint8_t native;
	/* What reads cost: the boot summary prints it. */
	uint32_t bios_calls;
	uint64_t sectors_read;
};

/* Probes `drive` and fills `dev` with a whole-disk device reading through
 * it. Returns 0, or -1 with `*why` saying what failed. */
int bios_disk_open(struct bios_disk *disk, uint8_t drive, struct blockdev *dev, const char **why);

/* Reads through the BIOS alone (a native driver holding the controller
 * gives it back first). Returns 0 or -1. */
int bios_disk_read_sectors(struct bios_disk *disk, uint64_t lba, uint32_t count, void *buf);

#endif
