/* The memory map in the boot info: printing it and checking it. */
#ifndef KERNEL_MEMMAP_H
#define KERNEL_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#define MEMMAP_MAX 1024 /* more entries than any BIOS reports: a corrupt count */

struct memmap {
	const struct gb_memory_region *regions;
	uint32_t count;
};

/* Finds the map: a count of 1 to MEMMAP_MAX entries lying below 4 GiB. */
bool memmap_get(const struct gb_bootinfo *bi, struct memmap *map, char *why);

/* Sorted by base, non-overlapping, no empty or wrapping entry, some usable RAM. */
bool memmap_check(const struct memmap *map, char *why);

/* Whether [start, end) is covered by adjacent regions all of `type`;
 * needs a map that passed memmap_check. */
bool memmap_covers(const struct memmap *map, uint64_t start, uint64_t end, uint32_t type);

const char *memmap_type_name(uint32_t type);
void memmap_print(const struct memmap *map);

#endif
