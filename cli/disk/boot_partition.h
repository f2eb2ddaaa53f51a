/* Which volume stage 2 boots from: the one holding the configuration
 * (docs/contract.md "Configuration": /boot/ghostboot.cfg, else /ghostboot.cfg). */
#ifndef GHOSTBOOT_CLI_DISK_BOOT_PARTITION_H
#define GHOSTBOOT_CLI_DISK_BOOT_PARTITION_H

#include "fs/blockdev.h"
#include "fs/fs.h"
#include "fs/partition.h"

struct boot_partition {
	const struct partition *partition; /* number 0: a filesystem over the whole disk */
	enum fs_kind kind;
	const char *filesystem;  /* fs_kind_name(kind) */
	const char *config_path; /* 0 when the volume holds no configuration */
	/* Set when config_path is there but cannot be read: why, in fs/'s
	 * words ("I/O error at LBA 2050", "too many symbolic links"). Stage 2
	 * stops on such a file rather than look further. */
	char config_error[96];
};

/* The first partition, in table order, whose filesystem holds a
 * configuration. Returns 0, or -1 after an error when there is none (which
 * names a filesystem that would not mount, if one did not). */
int boot_partition_search(const struct blockdev *disk, const struct partition_table *table,
			  struct boot_partition *found);

/* Partition `number`, which must exist and hold a filesystem ghostboot
 * reads; a missing configuration is only a warning. Returns 0, or -1 after
 * an error. */
int boot_partition_select(const struct blockdev *disk, const struct partition_table *table,
			  unsigned number, struct boot_partition *found);

/* The filesystem over the whole disk, described by `whole` (number 0,
 * from sector 0). Returns 0 (a missing configuration is a warning), or
 * FS_ERR_NO_FILESYSTEM, silently, when the disk holds no filesystem
 * ghostboot reads. */
int boot_partition_whole_disk(const struct blockdev *disk, const struct partition *whole,
			      struct boot_partition *found);

#endif
