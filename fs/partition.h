/* Partition tables: MBR primary and logical partitions, and GPT.
 * Portable: stage 2 and the CLI read tables with the same code. */
#ifndef GHOSTBOOT_FS_PARTITION_H
#define GHOSTBOOT_FS_PARTITION_H

#include <stdint.h>

#include "fs/blockdev.h"

#define PARTITION_MAX 128 /* partitions past this are not listed */

enum partition_table_kind { PARTITION_TABLE_NONE, PARTITION_TABLE_MBR, PARTITION_TABLE_GPT };

/* GPT partition type of a BIOS boot partition, 21686148-6449-6E6F-744E-656564454649,
 * in its on-disk byte order. */
extern const uint8_t partition_type_bios_boot[16];

struct partition {
	unsigned number; /* as Linux counts: MBR 1-4 primary, 5 and up logical; GPT entry + 1 */
	uint8_t mbr_type; /* 0 on GPT */
	uint8_t bootable;
	uint8_t type_guid[16]; /* GPT only, on-disk byte order */
	uint64_t first_lba; /* absolute on the disk */
	uint64_t sector_count;
};

struct partition_table {
	enum partition_table_kind kind;
	uint8_t gpt_from_backup; /* the primary GPT header or array was damaged */
	unsigned count;
	struct partition partitions[PARTITION_MAX];
};

/* Reads the table of `disk`. A disk without a valid MBR signature, or whose
 * first sector is a FAT boot sector rather than a table, is PARTITION_TABLE_NONE.
 * Returns 0, or -1 with `*detail` saying what is wrong ("partition 2 extends
 * past the end of the disk", "extended partition chain loops"). */
int partition_read_table(const struct blockdev *disk, struct partition_table *table,
			 const char **detail);

/* The partition with Linux number `number`, or 0 when there is none. */
const struct partition *partition_find(const struct partition_table *table, unsigned number);

#endif
