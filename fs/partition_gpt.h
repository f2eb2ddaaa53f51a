/* The GPT half of fs/partition.c's reader; not for use outside fs/partition*.c. */
#ifndef GHOSTBOOT_FS_PARTITION_GPT_H
#define GHOSTBOOT_FS_PARTITION_GPT_H

#include <stdint.h>

#include "fs/blockdev.h"
#include "fs/partition.h"

/* Whether sector 0 (with a valid MBR table) is a protective or hybrid MBR:
 * an entry of type 0xEE says the disk's real table is a GPT. */
int partition_is_protective_mbr(const uint8_t *sector);

/* Reads the GPT of `disk` into `table`: the primary header at LBA 1 and its
 * entry array, or the backup copies when either is damaged (setting
 * `gpt_from_backup`). `sector` is a scratch buffer of one device sector.
 * Returns 0, or -1 with `*detail` saying what is wrong. */
int partition_read_gpt(const struct blockdev *disk, uint8_t *sector,
		       struct partition_table *table, const char **detail);

#endif
