/* Where the configuration is: the partition (or whole-disk filesystem)
 * holding /boot/ghostboot.cfg, and the configuration read from it. Shared
 * by stage 2 and the UEFI loader, which differ only in how they reach the
 * disk (docs/stage2.md, "Finding the configuration"). */
#ifndef GHOSTBOOT_STAGE2_BOOT_VOLUME_H
#define GHOSTBOOT_STAGE2_BOOT_VOLUME_H

#include <stdint.h>

#include "config/config.h"
#include "fs/blockdev.h"
#include "fs/fs.h"
#include "fs/partition.h"

struct boot_volume {
	unsigned partition; /* 0: the whole disk */
	uint64_t first_lba;
	const char *config_path;
	struct fs_file config_file;
	struct fs_volume *volume;      /* mounted, holding the configuration */
	struct partition_table *table; /* kind NONE for a whole-disk volume */
};

/* Finds the configuration on `disk`: on the whole-disk filesystem when
 * `partition` is 0, on that partition (expected at `partition_lba` when
 * not 0), or on the first partition holding one for GB_PARTITION_SEARCH.
 * Stops the boot saying what is missing. */
void boot_volume_find(const struct blockdev *disk, unsigned partition, uint64_t partition_lba,
		      struct boot_volume *boot);

/* Reads and parses the configuration found, or stops the boot. */
void boot_volume_read_config(struct boot_volume *boot, struct config *config);

#endif
