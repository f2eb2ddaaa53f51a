/* ghostboot's own boot code, embedded at build time, and the patches the
 * installer applies to it (include/ghostboot/bootcode.h, docs/install.md). */
#ifndef GHOSTBOOT_MKIMAGE_BOOTCODE_H
#define GHOSTBOOT_MKIMAGE_BOOTCODE_H

#include <stddef.h>
#include <stdint.h>

#include <ghostboot/bootcode.h>

/* Checks that the embedded stage 1 and stage 2 are what the installer
 * expects (sizes, magic numbers). Returns 0, or -1 after an error. */
int bootcode_check(void);

/* Sectors stage 2 occupies on the disk. */
uint32_t bootcode_stage2_sectors(void);

/* Writes stage 1's code area (bytes 0..GB_STAGE1_CODE_LIMIT-1 of the boot
 * sector) with its patch area pointing at stage 2 in sectors
 * stage2_lba .. stage2_lba + bootcode_stage2_sectors() - 1. */
void bootcode_stage1(uint8_t code[GB_STAGE1_CODE_LIMIT], uint64_t stage2_lba);

/* Writes stage 2, bootcode_stage2_sectors() * 512 bytes padded with zeros,
 * its header naming the boot partition (1-based) and where it starts. */
void bootcode_stage2(uint8_t *image, uint8_t boot_partition, uint64_t partition_lba);

/* When `sector` begins a ghostboot stage 2 (from any version), returns 1
 * and the sectors its header says it occupies, else 0. */
int bootcode_is_stage2(const uint8_t sector[512], uint32_t *sectors);

#endif
