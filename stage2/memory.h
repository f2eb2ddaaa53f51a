/* The physical memory map and the allocator for what stage 2 hands over. */
#ifndef GHOSTBOOT_STAGE2_MEMORY_H
#define GHOSTBOOT_STAGE2_MEMORY_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>
#include <ghostboot/prelinked.h>

#define PAGE_SIZE 4096u
#define MEMORY_MAX_REGIONS 128
/* Separate ranges of loader memory: a kernel's segments (each module linked
 * into it at build time adds its own, apart from the others), then what
 * stage 2 allocates. */
#define MEMORY_MAX_LOADER_RANGES (GB_KERNEL_SEGMENTS_MAX + 32)

/* Reads the BIOS map (E820, else E801) into sorted regions that do not
 * overlap; where the BIOS gives two types for a byte, the less usable wins. */
void memory_map_read(void);

/* Claims [base, base + length) for the kernel image (already checked with
 * memory_conflict) or stage 2 itself; allocations start above the highest
 * claim, and never below 1 MiB. */
void memory_claim(uint64_t base, uint64_t length);

/* Where the loader writes the bytes that belong at physical `address` of a
 * claim: the address itself, except under UEFI for a claim over the
 * firmware's boot-services memory, staged until boot services end. */
void *memory_at(uint64_t address);

/* Page-aligned usable memory, not zeroed, for memory the caller is about
 * to write whole (a file read into it); 0 when none is left. */
void *memory_reserve(uint32_t length);

/* memory_reserve, zero-filled (stage2/memory_allocate.c, for both loaders). */
void *memory_allocate(uint32_t length);

/* The most memory_reserve could give in one piece now, for messages that
 * say why a file does not fit. */
uint64_t memory_largest_free(void);

/* The name of what [base, base + length) would overwrite ("the EBDA",
 * "stage 2", "loader memory"), or of why it is no place for a kernel
 * (not RAM, above 4 GiB); 0 when it is free usable RAM. Low memory is
 * allowed where nothing lives. */
const char *memory_conflict(uint64_t base, uint64_t length);

/* The physical address where the EBDA starts (0xa0000 when there is none). */
uint32_t memory_ebda_start(void);

/* The BIOS map as read, sorted, without the loader's ranges cut out. */
uint32_t memory_regions(const struct gb_memory_region **regions);

/* A point to return to: memory_release gives back everything allocated
 * since memory_mark, for work that is retried from the start. */
struct memory_mark {
	uint64_t cursor;
	uint32_t range_count;
	uint64_t range_end[MEMORY_MAX_LOADER_RANGES];
};
void memory_mark(struct memory_mark *mark);
void memory_release(const struct memory_mark *mark);

/* The lowest (or, with `highest`, the highest) address, a multiple of
 * `align` (a power of two), where `length` bytes of usable RAM not yet
 * given to anything lie wholly in [low, high); 0 when there is none. */
uint64_t memory_find(uint64_t length, uint64_t align, uint64_t low, uint64_t high, int highest);

/* The final map for the kernel: claimed and allocated memory as
 * GB_MEMORY_LOADER. Writes at most `max` regions and returns the count. */
uint32_t memory_map_export(struct gb_memory_region *out, uint32_t max);

#endif
