/* Whether stage 2 can go into the gap after the MBR, sectors 1..K, without
 * touching a partition or anybody else's data (docs/install.md). */
#ifndef GHOSTBOOT_MKIMAGE_STAGE2_ROOM_H
#define GHOSTBOOT_MKIMAGE_STAGE2_ROOM_H

#include <stdint.h>

#include "../fs/partition.h"
#include "image.h"

/* Checks sectors 1..`sectors`: on the disk, before every partition
 * (primary, extended or logical), and holding only zeros or an earlier
 * ghostboot stage 2. `force` lets other data be overwritten, with a
 * warning. `mbr` is sector 0. Returns 0, or -1 after an error saying why. */
int stage2_room_check(const struct image *image, const uint8_t mbr[SECTOR_SIZE],
		      const struct partition_table *table, uint32_t sectors, int force);

#endif
