/* Chainloading: another system's boot sector started as the BIOS would
 * start it (docs/linux.md, "Chainloading"). */
#ifndef GHOSTBOOT_STAGE2_PROTOCOLS_CHAINLOAD_H
#define GHOSTBOOT_STAGE2_PROTOCOLS_CHAINLOAD_H

#include <stdint.h>

#include "config/config.h"
#include "fs/blockdev.h"
#include "fs/fs.h"
#include "fs/partition.h"

/* Where stage 2 booted from: what `chainload` names is found from here. */
struct chainload_origin {
	const struct blockdev *disk;
	uint8_t drive;
	const struct partition_table *table; /* kind NONE for a whole-disk volume */
	const struct partition *partition;   /* the boot volume's; 0 for the whole disk */
	struct fs_volume *volume;
};

/* Reads the boot sector the entry's `chainload` line names, checks its
 * signature and jumps to it in real mode; or stops the boot saying why. */
__attribute__((noreturn)) void chainload_boot(const struct chainload_origin *origin,
					       const struct config_entry *entry);

#endif
