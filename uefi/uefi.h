/* What the UEFI loader's own files share (docs/uefi.md). */
#ifndef GHOSTBOOT_UEFI_UEFI_H
#define GHOSTBOOT_UEFI_UEFI_H

#include <stdint.h>

#include "fs/blockdev.h"
#include "stage2/disk.h"
#include "uefi/efi.h"

/* Back to the firmware with `status` while boot services last; after
 * ExitBootServices there is no one to return to, and the CPU stops. */
__attribute__((noreturn)) void uefi_exit(efi_status status);

/* A page of loader code below 4 GiB, where enter_long_mode (uefi/entry.asm)
 * copies its last steps; allocated by uefi_low_page_allocate before the
 * kernel is loaded. */
extern uint64_t uefi_low_page;
void uefi_low_page_allocate(void);

/* Kernel ranges over the firmware's boot-services memory (memory_claim
 * stages them): a table in the low page, at UEFI_STAGE_TABLE_OFFSET, that
 * uefi/entry.asm copies into place once on the kernel's page tables (or
 * with paging off, for Multiboot): a count, then { destination, staged
 * copy, length } in 64-bit words. */
#define UEFI_STAGE_TABLE_OFFSET 2048
#define UEFI_STAGES_MAX 80
/* Writes the table; called as boot services end. */
void uefi_stages_publish(void);
/* The staged ranges' bounds, for the kernel's memory map; returns the count. */
uint32_t uefi_stages(uint64_t *bases, uint64_t *ends, uint32_t max);

/* Set once ExitBootServices has succeeded: no firmware call from then on,
 * and the console writes to COM1 itself. */
extern int uefi_boot_services_over;

/* The firmware's memory map as GetMemoryMap gives it. */
struct uefi_memory_map {
	const uint8_t *bytes;
	uint64_t size, key, descriptor_size;
	uint32_t descriptor_version;
};
/* Reads it into a static buffer; returns 0, or -1. */
int uefi_memory_map_read(struct uefi_memory_map *map);
/* Ends boot services with a fresh map's key (read again once when the
 * firmware says it went stale), interrupts off, no more return to the
 * menu; `map` is the final map. Once over, gives that map again. Stops
 * the boot when the firmware refuses. */
void uefi_exit_boot_services(struct uefi_memory_map *map);

/* The whole disk the loader was read from, behind `dev`; `stats` counts
 * its reads (bios_calls: Block I/O calls). Returns 1 when the loader came
 * from a filesystem over the whole disk (no partition table), else 0.
 * Stops the boot when the disk cannot be found. */
int uefi_disk_open(struct blockdev *dev, struct bios_disk *stats);

/* Sets the Graphics Output mode closest to `request` (width 0: the
 * firmware's), and reads the display for video_switch, which does the
 * same while boot services last. */
struct video_request;
void uefi_video_init(const struct video_request *request);

#endif
