/* stage2/memory.h over UEFI's page allocator: the kernel's segments are
 * claimed at their addresses (staged elsewhere where the firmware's
 * boot-services memory lies), everything else comes from chunks of loader
 * memory below 4 GiB (the boot information and page tables are reached
 * through 32-bit addresses, as in stage 2). */
#include "stage2/memory.h"

#include "stage2/console.h"
#include "stage2/lib.h"
#include "uefi/uefi.h"

#define CHUNK_MIN (16u * 1024 * 1024)
#define BELOW_4GIB 0xffffffffull

/* What the loader took from the firmware, in order: the kernel's claimed
 * ranges, the allocator's chunks, and claims over boot-services memory
 * staged in a chunk; memory_release gives back the first two. */
enum range_kind { RANGE_CLAIM, RANGE_CHUNK, RANGE_STAGED };
struct range {
	uint64_t base, size;
	enum range_kind kind;
	uint64_t staged; /* RANGE_STAGED: where its bytes wait */
};
static struct range ranges[MEMORY_MAX_LOADER_RANGES];
static uint32_t range_count;
static struct range *chunk;   /* the allocator's current chunk, or 0 */
static uint64_t cursor;       /* in it */

static struct range *record(uint64_t base, uint64_t size, enum range_kind kind)
{
	if (range_count == MEMORY_MAX_LOADER_RANGES)
		panic("more separate ranges of loader memory than the loader keeps");
	ranges[range_count] = (struct range){ base, size, kind, 0 };
	return &ranges[range_count++];
}

/* Whether conventional memory, and with `boot_services` the firmware's
 * boot-services code and data (free once boot services end), covers
 * [base, end) whole in `map`. */
static int covered(const struct uefi_memory_map *map, uint64_t base, uint64_t end,
		   int boot_services)
{
	uint64_t reached = base;
	/* The map is not promised sorted: sweep until nothing extends the run. */
	for (int progress = 1; progress && reached < end;) {
		progress = 0;
		for (uint64_t offset = 0; offset + map->descriptor_size <= map->size;
		     offset += map->descriptor_size) {
			const struct efi_memory_descriptor *d = (const void *)(map->bytes + offset);
			uint64_t d_end = d->physical_start + d->pages * EFI_PAGE_SIZE;
			int usable = d->type == EFI_CONVENTIONAL_MEMORY ||
				     (boot_services && (d->type == EFI_BOOT_SERVICES_CODE ||
							d->type == EFI_BOOT_SERVICES_DATA));
			if (usable && d->physical_start <= reached && d_end > reached) {
				reached = d_end;
				progress = 1;
			}
		}
	}
	return reached >= end;
}

static int allocate_below_4gib(uint64_t size, uint64_t *address)
{
	*address = BELOW_4GIB;
	return efi_boot->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, size / PAGE_SIZE,
					address) == EFI_SUCCESS ?
		       0 :
		       -1;
}

static void allocate_at(uint64_t base, uint64_t end)
{
	uint64_t address = base;
	if (efi_boot->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA,
				     (end - base) / PAGE_SIZE, &address) != EFI_SUCCESS)
		panic("cannot claim memory at 0x%llx-0x%llx from the firmware",
		      (unsigned long long)base, (unsigned long long)end);
	record(base, end - base, RANGE_CLAIM);
}

/* A claim over the firmware's boot-services memory: its conventional parts
 * taken now, so that nothing else goes there, and the whole written to a
 * copy that uefi/entry.asm moves into place after boot services end. The
 * copy is allocated when first written (staged_copy), once every segment is
 * claimed: allocated now, it could land where a later segment goes. */
static void stage(const struct uefi_memory_map *map, uint64_t base, uint64_t end)
{
	uint32_t staged = 0;
	for (uint32_t i = 0; i < range_count; i++)
		staged += ranges[i].kind == RANGE_STAGED;
	if (staged == UEFI_STAGES_MAX)
		panic("more than %u ranges over the firmware's boot-services memory to stage",
		      UEFI_STAGES_MAX);
	for (uint64_t offset = 0; offset + map->descriptor_size <= map->size;
	     offset += map->descriptor_size) {
		const struct efi_memory_descriptor *d = (const void *)(map->bytes + offset);
		uint64_t from = d->physical_start > base ? d->physical_start : base;
		uint64_t d_end = d->physical_start + d->pages * EFI_PAGE_SIZE;
		uint64_t to = d_end < end ? d_end : end;
		if (d->type == EFI_CONVENTIONAL_MEMORY && from < to)
			allocate_at(from, to);
	}
	record(base, end - base, RANGE_STAGED);
}

/* Straight from the firmware, not from a chunk: a copy first written inside
 * a memory_mark (kernel_load's stream) must outlive its memory_release. */
static uint64_t staged_copy(struct range *r)
{
	if (r->staged)
		return r->staged;
	uint64_t copy;
	if (allocate_below_4gib(r->size, &copy))
		panic("no memory to stage 0x%llx-0x%llx until boot services end",
		      (unsigned long long)r->base, (unsigned long long)(r->base + r->size));
	memset((void *)(uintptr_t)copy, 0, (size_t)r->size);
	r->staged = copy;
	console_printf("ghostboot: 0x%llx-0x%llx is the firmware's boot-services memory: staged "
		       "at 0x%llx until boot services end\n",
		       (unsigned long long)r->base, (unsigned long long)(r->base + r->size),
		       (unsigned long long)r->staged);
	return r->staged;
}

/* The claim or staged range holding the page at `page`, or 0. */
static const struct range *claimed(uint64_t page)
{
	for (uint32_t i = 0; i < range_count; i++) {
		const struct range *r = &ranges[i];
		if (r->kind != RANGE_CHUNK && page >= r->base && page - r->base < r->size)
			return r;
	}
	return 0;
}

void memory_claim(uint64_t base, uint64_t length)
{
	uint64_t start = base & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = ALIGN_UP(base + length, (uint64_t)PAGE_SIZE);
	/* Segments may share a page, which the first claim took already. */
	if (start < end && claimed(start))
		start += PAGE_SIZE;
	if (start < end && claimed(end - PAGE_SIZE))
		end -= PAGE_SIZE;
	if (start >= end)
		return;
	struct uefi_memory_map map;
	/* memory_conflict said the range is free, or will be. */
	if (uefi_memory_map_read(&map))
		panic("cannot read the firmware's memory map");
	if (covered(&map, start, end, 0))
		allocate_at(start, end);
	else
		stage(&map, start, end);
}

void *memory_at(uint64_t address)
{
	for (uint32_t i = 0; i < range_count; i++) {
		struct range *r = &ranges[i];
		if (r->kind == RANGE_STAGED && address >= r->base && address - r->base < r->size)
			return (void *)(uintptr_t)(staged_copy(r) + (address - r->base));
	}
	return (void *)(uintptr_t)address;
}

void uefi_stages_publish(void)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(uefi_low_page + UEFI_STAGE_TABLE_OFFSET);
	uint64_t count = 0;
	for (uint32_t i = 0; i < range_count; i++) {
		struct range *r = &ranges[i];
		if (r->kind != RANGE_STAGED)
			continue;
		table[1 + 3 * count] = r->base;
		table[2 + 3 * count] = staged_copy(r);
		table[3 + 3 * count] = r->size;
		count++;
	}
	table[0] = count;
}

uint32_t uefi_stages(uint64_t *bases, uint64_t *ends, uint32_t max)
{
	uint32_t count = 0;
	for (uint32_t i = 0; i < range_count && count < max; i++)
		if (ranges[i].kind == RANGE_STAGED) {
			bases[count] = ranges[i].base;
			ends[count++] = ranges[i].base + ranges[i].size;
		}
	return count;
}

/* A chunk of CHUNK_MIN, fewer calls for many small allocations; on a
 * machine short of memory, just what was asked for. */
static int new_chunk(uint64_t size)
{
	uint64_t address, bytes = size > CHUNK_MIN ? size : CHUNK_MIN;
	if (allocate_below_4gib(bytes, &address)) {
		bytes = size;
		if (allocate_below_4gib(bytes, &address))
			return -1;
	}
	chunk = record(address, bytes, RANGE_CHUNK);
	cursor = 0;
	return 0;
}

void *memory_reserve(uint32_t length)
{
	uint64_t size = ALIGN_UP((uint64_t)length, PAGE_SIZE);
	if (size == 0)
		size = PAGE_SIZE;
	if ((!chunk || cursor + size > chunk->size) && new_chunk(size))
		return 0;
	void *p = (void *)(uintptr_t)(chunk->base + cursor);
	cursor += size;
	return p;
}

/* The largest run of conventional memory below 4 GiB in the firmware's map. */
uint64_t memory_largest_free(void)
{
	struct uefi_memory_map map;
	uint64_t largest = 0;
	if (uefi_memory_map_read(&map))
		return 0;
	for (uint64_t offset = 0; offset + map.descriptor_size <= map.size;
	     offset += map.descriptor_size) {
		const struct efi_memory_descriptor *d = (const void *)(map.bytes + offset);
		uint64_t end = d->physical_start + d->pages * EFI_PAGE_SIZE;
		if (end > BELOW_4GIB + 1)
			end = BELOW_4GIB + 1;
		if (d->type == EFI_CONVENTIONAL_MEMORY && end > d->physical_start &&
		    end - d->physical_start > largest)
			largest = end - d->physical_start;
	}
	return largest;
}

/* What the firmware's map says of [base, base + length): free when
 * conventional memory, or boot-services memory (staged by memory_claim),
 * covers it whole. */
const char *memory_conflict(uint64_t base, uint64_t length)
{
	struct uefi_memory_map map;
	if (base + length < base || base + length > 0x100000000ull)
		return "memory above 4 GiB";
	if (uefi_memory_map_read(&map))
		return "memory the firmware's map does not describe";
	return covered(&map, base, base + length, 1) ? 0 : "memory the firmware keeps";
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
 * releasing frees every later range: claims, chunks and staged copies. */
void memory_mark(struct memory_mark *mark)
{
	mark->cursor = cursor;
	mark->range_count = range_count;
}

void memory_release(const struct memory_mark *mark)
{
	while (range_count > mark->range_count) {
		const struct range *r = &ranges[--range_count];
		if (r->kind != RANGE_STAGED)
			efi_boot->free_pages(r->base, r->size / PAGE_SIZE);
		else if (r->staged)
			efi_boot->free_pages(r->staged, r->size / PAGE_SIZE);
	}
	chunk = 0;
	for (uint32_t i = range_count; i > 0 && !chunk; i--)
		if (ranges[i - 1].kind == RANGE_CHUNK)
			chunk = &ranges[i - 1];
	cursor = mark->cursor;
}
