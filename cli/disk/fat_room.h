/* The free room of a FAT volume on an image, counted in its first FAT as
 * the specification lays it out (fs/fat_disk.h): what install needs to know
 * before it puts a file there, since mtools would fail halfway. */
#ifndef GHOSTBOOT_CLI_DISK_FAT_ROOM_H
#define GHOSTBOOT_CLI_DISK_FAT_ROOM_H

#include <stdint.h>

#include "cli/disk/image.h"

struct fat_room {
	uint32_t cluster_bytes;
	uint64_t free_clusters;
};

/* The FAT volume at byte `offset` of `image`; `name` names it in errors
 * ("partition 2"). Returns 0, or -1 after an error saying what is wrong. */
int fat_room_read(const struct image *image, uint64_t offset, const char *name,
		  struct fat_room *room);

#endif
