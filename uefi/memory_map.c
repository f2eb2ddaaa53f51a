/* The firmware's memory map: read for memory_conflict while the firmware
 * runs, and read a last time as boot services end, when it becomes the
 * kernel's (stage2/memory.h, memory_map_export). The final map can only be
 * taken there: any allocation after it would invalidate its key. */
#include "stage2/memory.h"

#include "stage2/console.h"
#include "stage2/recovery.h"
#include "uefi/uefi.h"

static uint8_t map_bytes[64 * 1024];

int uefi_memory_map_read(struct uefi_memory_map *map)
{
	map->bytes = map_bytes;
	map->size = sizeof map_bytes;
	if (efi_boot->get_memory_map(&map->size, (void *)map_bytes, &map->key,
				     &map->descriptor_size, &map->descriptor_version) != EFI_SUCCESS ||
	    map->descriptor_size < sizeof(struct efi_memory_descriptor))
		return -1;
	return 0;
}

/* `loader`: what the loader's own memory is to the kernel. */
static uint32_t region_type(uint32_t efi_type, uint32_t loader)
{
	switch (efi_type) {
	case EFI_CONVENTIONAL_MEMORY:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return GB_MEMORY_USABLE;
	case EFI_LOADER_CODE: /* the loader itself: the kernel enters on its GDT */
	case EFI_LOADER_DATA:
		return loader;
	case EFI_ACPI_RECLAIM_MEMORY:
		return GB_MEMORY_ACPI_RECLAIMABLE;
	case EFI_ACPI_MEMORY_NVS:
		return GB_MEMORY_ACPI_NVS;
	case EFI_UNUSABLE_MEMORY:
		return GB_MEMORY_BAD;
	default: /* runtime services, MMIO, reserved: the kernel keeps out */
		return GB_MEMORY_RESERVED;
	}
}

static uint32_t merge(struct gb_memory_region *out, uint32_t count)
{
	uint32_t merged = 0;
	for (uint32_t i = 0; i < count; i++) {
		struct gb_memory_region *last = merged ? &out[merged - 1] : 0;
		if (last && last->type == out[i].type && last->base + last->length == out[i].base)
			last->length += out[i].length;
		else
			out[merged++] = out[i];
	}
	return merged;
}

/* [base, end) of usable regions becomes loader memory: a kernel range that
 * was staged over boot-services memory. Returns the new count. */
static uint32_t carve(struct gb_memory_region *out, uint32_t count, uint32_t max,
		      uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < count; i++) {
		struct gb_memory_region r = out[i];
		uint64_t r_end = r.base + r.length;
		if (r.type != GB_MEMORY_USABLE || r_end <= base || r.base >= end)
			continue;
		struct gb_memory_region pieces[3];
		uint32_t n = 0;
		uint64_t from = r.base > base ? r.base : base, to = r_end < end ? r_end : end;
		if (r.base < from)
			pieces[n++] = (struct gb_memory_region){ r.base, from - r.base, r.type, 0 };
		pieces[n++] = (struct gb_memory_region){ from, to - from, GB_MEMORY_LOADER, 0 };
		if (to < r_end)
			pieces[n++] = (struct gb_memory_region){ to, r_end - to, r.type, 0 };
		if (count + n - 1 > max)
			panic("the memory map outgrew its %u regions", max);
		for (uint32_t j = count; j > i + 1; j--)
			out[j + n - 2] = out[j - 1];
		for (uint32_t j = 0; j < n; j++)
			out[i + j] = pieces[j];
		count += n - 1;
		i += n - 1;
	}
	return count;
}

/* Sorted by base, neighbours of one type merged, as stage 2's map is. */
static uint32_t convert(const struct uefi_memory_map *map, struct gb_memory_region *out,
			uint32_t max, uint32_t loader)
{
	uint32_t count = 0;
	for (uint64_t offset = 0; offset + map->descriptor_size <= map->size;
	     offset += map->descriptor_size) {
		const struct efi_memory_descriptor *d = (const void *)(map->bytes + offset);
		struct gb_memory_region r = { d->physical_start, d->pages * EFI_PAGE_SIZE,
					      region_type(d->type, loader), 0 };
		if (r.length == 0)
			continue;
		uint32_t i = count;
		while (i > 0 && out[i - 1].base > r.base) {
			if (i < max)
				out[i] = out[i - 1];
			i--;
		}
		if (i < max)
			out[i] = r;
		if (count < max)
			count++;
	}
	return merge(out, count);
}

static struct uefi_memory_map final_map;

void uefi_exit_boot_services(struct uefi_memory_map *map)
{
	if (uefi_boot_services_over) {
		*map = final_map;
		return;
	}
	/* A map changed between reading and exiting (an event ran) makes the
	 * key stale: the firmware then says EFI_INVALID_PARAMETER, once. */
	/* Its last allocations, if a staged copy was never written. */
	uefi_stages_publish();
	for (int attempt = 0;; attempt++) {
		if (uefi_memory_map_read(map))
			panic("cannot read the firmware's memory map");
		efi_status status = efi_boot->exit_boot_services(efi_image, map->key);
		if (status == EFI_SUCCESS)
			break;
		if (status != EFI_INVALID_PARAMETER || attempt == 1)
			panic("the firmware refused to end its boot services (status 0x%llx)",
			      (unsigned long long)status);
	}
	/* The firmware's interrupt handlers live in memory the kernel gets. */
	__asm__ volatile("cli");
	uefi_boot_services_over = 1;
	/* No menu to return to without the firmware's console and memory. */
	recovery_disarm();
	final_map = *map;
}

uint32_t memory_map_export(struct gb_memory_region *out, uint32_t max)
{
	struct uefi_memory_map map;
	uint64_t bases[UEFI_STAGES_MAX], ends[UEFI_STAGES_MAX];
	uefi_exit_boot_services(&map);
	uint32_t count = convert(&map, out, max, GB_MEMORY_LOADER);
	uint32_t staged = uefi_stages(bases, ends, UEFI_STAGES_MAX);
	for (uint32_t i = 0; i < staged; i++)
		count = carve(out, count, max, bases[i], ends[i]);
	return merge(out, count);
}

/* Multiboot's and the like: the loader's memory is usable, as in stage 2's
 * BIOS map; the final map once boot services have ended. */
uint32_t memory_regions(const struct gb_memory_region **regions)
{
	static struct gb_memory_region converted[MEMORY_MAX_REGIONS];
	struct uefi_memory_map map = final_map;
	if (!uefi_boot_services_over && uefi_memory_map_read(&map))
		panic("cannot read the firmware's memory map");
	*regions = converted;
	return convert(&map, converted, MEMORY_MAX_REGIONS, GB_MEMORY_USABLE);
}
