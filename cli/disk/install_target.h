/* What `install` finds on its target before it writes anything: sector 0,
 * the partition table or a filesystem over the whole disk, the volume
 * stage 2 boots from, and an earlier ghostboot install (docs/install.md). */
#ifndef GHOSTBOOT_CLI_DISK_INSTALL_TARGET_H
#define GHOSTBOOT_CLI_DISK_INSTALL_TARGET_H

#include <stdint.h>

#include <ghostboot/bootcode.h>

#include "cli/disk/boot_partition.h"
#include "cli/disk/image.h"
#include "fs/partition.h"

enum target_layout {
	LAYOUT_MBR,       /* an MBR partition table, primary and logical partitions */
	LAYOUT_GPT,       /* a GPT behind a protective MBR */
	LAYOUT_WHOLE_FAT, /* no table: a FAT volume from sector 0 ("superfloppy") */
	LAYOUT_WHOLE_EXT, /* no table: an ext2/3/4 volume from sector 0 */
};

struct install_target {
	struct image image;
	struct blockdev disk;
	uint8_t sector0[SECTOR_SIZE];
	enum target_layout layout;
	/* The disk's partitions; for a whole-disk volume, one entry numbered 0
	 * that spans the disk. */
	struct partition_table *table;
	struct boot_partition boot;
	int floppy; /* a floppy-sized image: the BIOS passes DL = 0x00 */
	/* The patch area of an earlier ghostboot stage 1 in sector 0, when it
	 * points at a stage 2 still there: its sectors may be overwritten. */
	int has_previous;
	struct gb_stage1_patch previous;
};

/* Opens `path` (for writing when `writable`) and inspects it; `partition`
 * is --partition (0: the volume holding the configuration). Returns 0, or
 * -1 after an error saying why nothing can be installed. */
int install_target_open(struct install_target *target, const char *path, unsigned partition,
			int writable);
void install_target_close(struct install_target *target);

/* Whether sector `lba` holds part of the stage 2 an earlier install left. */
int install_target_previous_owns(const struct install_target *target, uint64_t lba);

/* "MBR", "GPT", "unpartitioned FAT", "unpartitioned ext". */
const char *install_target_layout_name(enum target_layout layout);

#endif
