#include "kernel/memmap.h"

#include "kernel/kprintf.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

bool memmap_get(const struct gb_bootinfo *bi, struct memmap *map, char *why)
{
	uint32_t count = bi->memory_map_count;
	if (count == 0)
		return reason(why, "memory map is empty");
	if (count > MEMMAP_MAX)
		return reason(why, "memory map count %u exceeds %u", count, MEMMAP_MAX);
	if (!phys_range_ok(bi->memory_map, (uint64_t)count * sizeof(struct gb_memory_region)))
		return reason(why, "memory map at %#lx (%u entries) is not below 4 GiB",
			      bi->memory_map, count);
	map->regions = phys_ptr(bi->memory_map);
	map->count = count;
	return true;
}

bool memmap_check(const struct memmap *map, char *why)
{
	uint64_t usable = 0;
	for (uint32_t i = 0; i < map->count; i++) {
		const struct gb_memory_region *r = &map->regions[i];
		if (r->length == 0)
			return reason(why, "memory map entry %u is empty", i);
		if (r->base + r->length < r->base)
			return reason(why, "memory map entry %u wraps past 2^64", i);
		if (i > 0) {
			const struct gb_memory_region *prev = &map->regions[i - 1];
			if (r->base < prev->base)
				return reason(why, "memory map not sorted: entry %u at %#lx before entry %u at %#lx",
					      i, r->base, i - 1, prev->base);
			if (r->base < prev->base + prev->length)
				return reason(why, "memory map entries %u and %u overlap at %#lx", i - 1,
					      i, r->base);
		}
		if (r->type == GB_MEMORY_USABLE)
			usable += r->length;
	}
	if (usable == 0)
		return reason(why, "memory map has no usable RAM");
	return true;
}

bool memmap_covers(const struct memmap *map, uint64_t start, uint64_t end, uint32_t type)
{
	if (start >= end)
		return false;
	uint64_t at = start;
	for (uint32_t i = 0; i < map->count; i++) {
		const struct gb_memory_region *r = &map->regions[i];
		uint64_t r_end = r->base + r->length;
		if (r_end <= at)
			continue;
		if (r->base > at || r->type != type)
			return false;
		at = r_end;
		if (at >= end)
			return true;
	}
	return false;
}

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case GB_MEMORY_USABLE:
		return "usable";
	case GB_MEMORY_RESERVED:
		return "reserved";
	case GB_MEMORY_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case GB_MEMORY_ACPI_NVS:
		return "ACPI NVS";
	case GB_MEMORY_BAD:
		return "bad";
	case GB_MEMORY_LOADER:
		return "loader";
	default:
		return "unknown";
	}
}

void memmap_print(const struct memmap *map)
{
	kprintf("memory map: %u entries\n", map->count);
	for (uint32_t i = 0; i < map->count; i++) {
		const struct gb_memory_region *r = &map->regions[i];
		kprintf("  base %016lx length %016lx %s", r->base, r->length,
			memmap_type_name(r->type));
		if (r->type == 0 || (r->type > GB_MEMORY_BAD && r->type != GB_MEMORY_LOADER))
			kprintf(" (type %#x)", r->type);
		kprintf("\n");
	}
}
