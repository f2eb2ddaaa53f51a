/* ghostboot's own boot code, embedded at build time, and the patches the
 * installer applies to it (include/ghostboot/bootcode.h, docs/install.md). */
#ifndef GHOSTBOOT_CLI_DISK_BOOTCODE_H
#define GHOSTBOOT_CLI_DISK_BOOTCODE_H

#include <stddef.h>
#include <stdint.h>

#include <ghostboot/bootcode.h>

/* Checks that the embedded stage 1 (MBR and volume boot record) and stage 2
 * are what the installer expects (sizes, magic numbers). Returns 0, or -1
 * after an error. */
int bootcode_check(void);

/* Sectors stage 2 occupies on the disk. */
uint32_t bootcode_stage2_sectors(void);

/* The patch area of either boot sector: stage 2 in `count` extents (at most
 * GB_STAGE1_MAX_EXTENTS, in load order), the drive taken from DL, and
 * `hard_disk` setting GB_STAGE1_HARD_DISK (every target but a floppy). */
void bootcode_patch(struct gb_stage1_patch *patch, const struct gb_extent *extents,
		    unsigned count, int hard_disk);

/* Stage 1 as MBR boot code: bytes 0..GB_STAGE1_CODE_LIMIT-1 of sector 0,
 * carrying `patch`. The disk signature and partition table after them are
 * the disk's. */
void bootcode_mbr(uint8_t code[GB_STAGE1_CODE_LIMIT], const struct gb_stage1_patch *patch);

/* Stage 1 as a FAT volume's boot record: `sector` is the volume's boot
 * sector; its jump (bytes 0..2) and code (90..509) become ghostboot's,
 * carrying `patch`, while its BPB (3..89) and signature (510..511) stay. */
void bootcode_vbr(uint8_t sector[512], const struct gb_stage1_patch *patch);

/* Whether `sector` holds a ghostboot patch area at `offset`
 * (GB_STAGE1_PATCH_OFFSET or GB_VBR_PATCH_OFFSET); fills `patch` if so. */
int bootcode_read_patch(const uint8_t sector[512], unsigned offset,
			struct gb_stage1_patch *patch);

/* Writes stage 2, bootcode_stage2_sectors() * 512 bytes padded with zeros,
 * its header naming the boot partition (1-based, 0 for a filesystem over
 * the whole disk) and where it starts. */
void bootcode_stage2(uint8_t *image, uint8_t boot_partition, uint64_t partition_lba);

/* When `sector` begins a ghostboot stage 2 (from any version), returns 1
 * and the sectors its header says it occupies, else 0. */
int bootcode_is_stage2(const uint8_t sector[512], uint32_t *sectors);

/* The UEFI loader (docs/uefi.md), a PE32+ file for \EFI\BOOT\BOOTX64.EFI. */
const uint8_t *bootcode_uefi(size_t *size);

/* Writes it to a temporary file of the run (`*path`, freed by the caller),
 * for mtools to copy. Returns 0, or -1 after an error. */
int bootcode_uefi_file(char **path);

#endif
