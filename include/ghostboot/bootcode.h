/* Where the installer patches ghostboot's boot code (docs/install.md).
 * stage1/mbr.asm and stage2/entry.asm mirror these offsets; a change here
 * must be made there too, and the size checks in both files catch a slip. */
#ifndef GHOSTBOOT_BOOTCODE_H
#define GHOSTBOOT_BOOTCODE_H

#include <stdint.h>

/* --- Stage 1: the MBR boot sector ------------------------------------- */

#define GB_STAGE1_CODE_LIMIT 440   /* disk signature and partition table follow */
#define GB_STAGE1_PATCH_OFFSET 0x198 /* struct gb_stage1_patch lives here */
#define GB_STAGE1_MAGIC 0x31534247u  /* "GBS1" */
#define GB_STAGE1_MAX_EXTENTS 2
#define GB_STAGE2_LOAD_ADDRESS 0x8000u
#define GB_STAGE2_MAX_SIZE (0x70000u - GB_STAGE2_LOAD_ADDRESS) /* bounce buffer above */

enum gb_stage1_flags {
	/* The boot medium is a hard disk: a drive number below 0x80 in DL is a
	 * BIOS bug, and 0x80 is used instead. */
	GB_STAGE1_HARD_DISK = 1 << 0,
};

/* A run of consecutive 512-byte sectors holding part of stage 2. */
struct gb_extent {
	uint64_t lba;
	uint16_t count; /* 0 ends the list */
	uint16_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct gb_extent) == 12, "extent is 12 bytes");

struct gb_stage1_patch {
	uint32_t magic;         /* GB_STAGE1_MAGIC: marks ghostboot's own boot sector */
	uint8_t drive_override; /* 0xff: take the drive from DL */
	uint8_t flags;          /* enum gb_stage1_flags */
	uint16_t reserved;
	struct gb_extent extents[GB_STAGE1_MAX_EXTENTS]; /* stage 2, loaded in order */
} __attribute__((packed));
_Static_assert(sizeof(struct gb_stage1_patch) == 32, "stage 1 patch area is 32 bytes");
_Static_assert(GB_STAGE1_PATCH_OFFSET + sizeof(struct gb_stage1_patch) == GB_STAGE1_CODE_LIMIT,
	       "the patch area ends where the disk signature begins");

/* --- Stage 1 for unpartitioned FAT media: the volume boot record -------
 * Bytes 3..89 are the volume's BIOS parameter block, kept as the volume has
 * it; the installer copies bytes 0..2 (the jump) and 90..509 (code and
 * patch area) from stage1/vbr.asm. */
#define GB_VBR_BPB_START 3
#define GB_VBR_CODE_START 90
#define GB_VBR_PATCH_OFFSET 0x1de
_Static_assert(GB_VBR_PATCH_OFFSET + sizeof(struct gb_stage1_patch) == 510,
	       "the volume boot record's patch area ends at the 55AA signature");

/* --- Stage 2: the header at its first byte ----------------------------- */

#define GB_STAGE2_MAGIC 0x32534247u /* "GBS2" */
#define GB_STAGE2_HEADER_VERSION 1
#define GB_PARTITION_SEARCH 0xffu /* look for the configuration on every partition */

struct gb_stage2_header {
	uint8_t jump[4];  /* real-mode jump over this header */
	uint32_t magic;   /* GB_STAGE2_MAGIC */
	uint16_t version; /* GB_STAGE2_HEADER_VERSION */
	uint16_t header_size;
	uint32_t image_size; /* bytes of stage 2, header included */
	uint8_t boot_partition; /* 1-based; 0: whole disk; GB_PARTITION_SEARCH: look */
	uint8_t reserved[3];
	uint32_t reserved2;
	uint64_t partition_lba; /* start of the boot partition when installed, as a check */
} __attribute__((packed));
_Static_assert(sizeof(struct gb_stage2_header) == 32, "stage 2 header is 32 bytes");

#endif
