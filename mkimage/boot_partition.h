/* Which partition stage 2 boots from: the one holding the configuration
 * (SPEC "System configuration": /boot/ghostboot.cfg, else /ghostboot.cfg). */
#ifndef GHOSTBOOT_MKIMAGE_BOOT_PARTITION_H
#define GHOSTBOOT_MKIMAGE_BOOT_PARTITION_H

#include "../fs/blockdev.h"
#include "../fs/partition.h"

struct boot_partition {
	const struct partition *partition;
	const char *filesystem;  /* "FAT" */
	const char *config_path; /* 0 when the partition holds no configuration */
};

/* The first partition, in table order, whose filesystem holds a
 * configuration. Returns 0, or -1 after an error when there is none. */
int boot_partition_search(const struct blockdev *disk, const struct partition_table *table,
			  struct boot_partition *found);

/* Partition `number`, which must exist and hold a filesystem ghostboot
 * reads; a missing configuration is only a warning. Returns 0, or -1 after
 * an error. */
int boot_partition_select(const struct blockdev *disk, const struct partition_table *table,
			  unsigned number, struct boot_partition *found);

#endif
