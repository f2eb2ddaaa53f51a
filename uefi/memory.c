/* stage2/memory.h over UEFI's page allocator: the kernel's segments are
 * claimed at their addresses, everything else comes from chunks of loader
 * memory below 4 GiB (the boot information and page tables are reached
 * through 32-bit addresses, as in stage 2). */
#include "stage2/memory.h"

#include "stage2/console.h"
#include "stage2/lib.h"
#include "uefi/uefi.h"

#define CHUNK_MIN (16u * 1024 * 1024)
#define BELOW_4GIB 0xffffffffull

/* What the loader took from the firmware, in order: the kernel's claimed
 * ranges and the allocator's chunks, so that memory_release can give back
 * both. */
struct range {
	uint64_t base, size;
	int is_chunk;
};
static struct range ranges[MEMORY_MAX_LOADER_RANGES];
static uint32_t range_count;
static struct range *chunk;   /* the allocator's current chunk, or 0 */
static uint64_t cursor;       /* in it */

static int record(uint64_t base, uint64_t size, int is_chunk)
{
	if (range_count == MEMORY_MAX_LOADER_RANGES)
		return -1;
	ranges[range_count] = (struct range){ base, size, is_chunk };
	return (int)range_count++;
}

void memory_claim(uint64_t base, uint64_t length)
{
	uint64_t start = base & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t address = start;
	uint64_t pages = (base + length - start + PAGE_SIZE - 1) / PAGE_SIZE;
	/* memory_conflict said the range is free; only a race could fail. */
	if (range_count == MEMORY_MAX_LOADER_RANGES ||
	    efi_boot->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, pages, &address) !=
		    EFI_SUCCESS)
		panic("cannot claim memory at 0x%llx-0x%llx from the firmware",
		      (unsigned long long)base, (unsigned long long)(base + length));
	record(start, pages * PAGE_SIZE, 0);
}

static int allocate_below_4gib(uint64_t size, uint64_t *address)
{
	*address = BELOW_4GIB;
	return efi_boot->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, size / PAGE_SIZE,
					address) == EFI_SUCCESS ?
		       0 :
		       -1;
}

/* A chunk of CHUNK_MIN, fewer calls for many small allocations; on a
 * machine short of memory, just what was asked for. */
static int new_chunk(uint64_t size)
{
	uint64_t address, bytes = size > CHUNK_MIN ? size : CHUNK_MIN;
	if (range_count == MEMORY_MAX_LOADER_RANGES)
		return -1;
	if (allocate_below_4gib(bytes, &address)) {
		bytes = size;
		if (allocate_below_4gib(bytes, &address))
			return -1;
	}
	chunk = &ranges[record(address, bytes, 1)];
	cursor = 0;
	return 0;
}

void *memory_allocate(uint32_t length)
{
	uint64_t size = ALIGN_UP((uint64_t)length, PAGE_SIZE);
	if (size == 0)
		size = PAGE_SIZE;
	if ((!chunk || cursor + size > chunk->size) && new_chunk(size))
		return 0;
	void *p = (void *)(uintptr_t)(chunk->base + cursor);
	cursor += size;
	memset(p, 0, (size_t)size);
	return p;
}

/* What the firmware's map says of [base, base + length): free only when
 * conventional memory covers it whole. */
const char *memory_conflict(uint64_t base, uint64_t length)
{
	struct uefi_memory_map map;
	if (base + length < base || base + length > 0x100000000ull)
		return "memory above 4 GiB";
	if (uefi_memory_map_read(&map))
		return "memory the firmware's map does not describe";
	uint64_t covered = base;
	/* The map is not promised sorted: sweep until nothing extends the run. */
	for (int progress = 1; progress && covered < base + length;) {
		progress = 0;
		for (uint64_t offset = 0; offset + map.descriptor_size <= map.size;
		     offset += map.descriptor_size) {
			const struct efi_memory_descriptor *d = (const void *)(map.bytes + offset);
			uint64_t end = d->physical_start + d->pages * EFI_PAGE_SIZE;
			if (d->type == EFI_CONVENTIONAL_MEMORY && d->physical_start <= covered &&
			    end > covered) {
				covered = end;
				progress = 1;
			}
		}
	}
	return covered >= base + length ? 0 : "memory the firmware uses";
}

uint64_t uefi_low_page;

void uefi_low_page_allocate(void)
{
	/* Loader code, not data: firmware may map its data pages no-execute. */
	uefi_low_page = BELOW_4GIB;
	if (efi_boot->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_CODE, 1,
				     &uefi_low_page) != EFI_SUCCESS)
		panic("out of memory below 4 GiB for the switch to the kernel");
}

/* A mark is a range count and the cursor in the chunk then current;
 * releasing frees every later range, claims and chunks alike. */
void memory_mark(struct memory_mark *mark)
{
	mark->cursor = cursor;
	mark->range_count = range_count;
}

void memory_release(const struct memory_mark *mark)
{
	while (range_count > mark->range_count) {
		range_count--;
		efi_boot->free_pages(ranges[range_count].base, ranges[range_count].size / PAGE_SIZE);
	}
	chunk = 0;
	for (uint32_t i = range_count; i > 0 && !chunk; i--)
		if (ranges[i - 1].is_chunk)
			chunk = &ranges[i - 1];
	cursor = mark->cursor;
}
