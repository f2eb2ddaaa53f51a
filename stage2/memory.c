#include "stage2/memory.h"

#include "stage2/bios.h"
#include "stage2/console.h"
#include "stage2/lib.h"

#define E820_SIGNATURE 0x534d4150u /* "SMAP" */
#define LOW_MEMORY_END 0x100000ull
#define ADDRESSABLE_END 0x100000000ull
#define VGA_START 0xa0000u

struct e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t attributes; /* ACPI 3.0: bit 0 clear means "ignore this entry" */
} __attribute__((packed));

struct range {
	uint64_t start, end;
};

static struct gb_memory_region regions[MEMORY_MAX_REGIONS];
static uint32_t region_count;
static struct range loader_ranges[MEMORY_MAX_LOADER_RANGES];
static uint32_t loader_range_count;
static uint64_t allocation_cursor = LOW_MEMORY_END;
static struct e820_entry e820_buffer;

/* Ranking for overlaps: a byte that any entry calls reserved is reserved. */
static unsigned type_rank(uint32_t type)
{
	switch (type) {
	case GB_MEMORY_USABLE:
		return 0;
	case GB_MEMORY_ACPI_RECLAIMABLE:
		return 1;
	case GB_MEMORY_ACPI_NVS:
		return 2;
	case GB_MEMORY_BAD:
		return 4;
	default:
		return 3;
	}
}

static struct e820_entry raw[MEMORY_MAX_REGIONS];
static uint32_t raw_count;

static void add_raw(uint64_t base, uint64_t length, uint32_t type)
{
	if (length == 0 || raw_count == MEMORY_MAX_REGIONS || base + length < base)
		return;
	raw[raw_count++] = (struct e820_entry){ base, length, type, 1 };
}

static int read_e820(void)
{
	uint32_t continuation = 0;
	for (unsigned calls = 0; calls < MEMORY_MAX_REGIONS; calls++) {
		e820_buffer = (struct e820_entry){ .attributes = 1 };
		struct bios_regs regs = {
			.eax = 0xe820,
			.ebx = continuation,
			.ecx = sizeof e820_buffer,
			.edx = E820_SIGNATURE,
			.es = real_segment(&e820_buffer),
			.edi = real_offset(&e820_buffer),
		};
		bios_call(0x15, &regs);
		if ((regs.eflags & BIOS_CARRY_FLAG) || regs.eax != E820_SIGNATURE)
			break;
		if (regs.ecx < 24 || (e820_buffer.attributes & 1))
			add_raw(e820_buffer.base, e820_buffer.length, e820_buffer.type);
		continuation = regs.ebx;
		if (continuation == 0)
			break;
	}
	return raw_count ? 0 : -1;
}

/* For BIOSes without E820: conventional memory from INT 12h, extended
 * memory from E801 (1 KiB blocks to 16 MiB, 64 KiB blocks above). */
static void read_e801(void)
{
	struct bios_regs regs = { 0 };
	bios_call(0x12, &regs);
	add_raw(0, (regs.eax & 0xffff) * 1024ull, GB_MEMORY_USABLE);
	regs = (struct bios_regs){ .eax = 0xe801 };
	bios_call(0x15, &regs);
	if (regs.eflags & BIOS_CARRY_FLAG)
		return;
	uint32_t below_16m = regs.eax & 0xffff, above_16m = regs.ebx & 0xffff;
	if (below_16m == 0 && above_16m == 0)
		below_16m = regs.ecx & 0xffff, above_16m = regs.edx & 0xffff;
	add_raw(LOW_MEMORY_END, below_16m * 1024ull, GB_MEMORY_USABLE);
	add_raw(0x1000000, above_16m * 65536ull, GB_MEMORY_USABLE);
}

static void append_region(uint64_t start, uint64_t end, uint32_t type)
{
	if (region_count && regions[region_count - 1].type == type &&
	    regions[region_count - 1].base + regions[region_count - 1].length == start) {
		regions[region_count - 1].length += end - start;
		return;
	}
	if (region_count < MEMORY_MAX_REGIONS)
		regions[region_count++] = (struct gb_memory_region){ start, end - start, type, 0 };
}

/* Cuts the raw entries at every boundary and gives each piece the type of
 * the highest-ranked entry covering it. */
static void normalise(void)
{
	static uint64_t points[2 * MEMORY_MAX_REGIONS];
	uint32_t n = 0;
	for (uint32_t i = 0; i < raw_count; i++) {
		points[n++] = raw[i].base;
		points[n++] = raw[i].base + raw[i].length;
	}
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && points[j - 1] > points[j]; j--) {
			uint64_t t = points[j];
			points[j] = points[j - 1];
			points[j - 1] = t;
		}
	for (uint32_t i = 0; i + 1 < n; i++) {
		uint64_t start = points[i], end = points[i + 1];
		if (start == end)
			continue;
		int found = 0;
		uint32_t type = 0;
		for (uint32_t k = 0; k < raw_count; k++) {
			if (raw[k].base <= start && raw[k].base + raw[k].length >= end &&
			    (!found || type_rank(raw[k].type) > type_rank(type))) {
				type = raw[k].type;
				found = 1;
			}
		}
		if (found)
			append_region(start, end, type);
	}
}

void memory_map_read(void)
{
	if (read_e820())
		read_e801();
	normalise();
	if (region_count == 0)
		panic("the BIOS reports no memory map (E820 and E801 both failed)");
}

/* The first loader range that [start, end) overlaps, or 0. */
static const struct range *loader_range_at(uint64_t start, uint64_t end)
{
	for (uint32_t i = 0; i < loader_range_count; i++)
		if (start < loader_ranges[i].end && loader_ranges[i].start < end)
			return &loader_ranges[i];
	return 0;
}

static int overlaps_loader_range(uint64_t start, uint64_t end)
{
	return loader_range_at(start, end) != 0;
}

static void add_loader_range(uint64_t start, uint64_t end)
{
	for (uint32_t i = 0; i < loader_range_count; i++) {
		if (loader_ranges[i].end == start) {
			loader_ranges[i].end = end;
			return;
		}
	}
	if (loader_range_count == MEMORY_MAX_LOADER_RANGES)
		panic("memory: more than %u separate loader ranges", MEMORY_MAX_LOADER_RANGES);
	loader_ranges[loader_range_count++] = (struct range){ start, end };
}

void memory_claim(uint64_t base, uint64_t length)
{
	uint64_t start = base & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = ALIGN_UP(base + length, PAGE_SIZE);
	add_loader_range(start, end);
	if (end > allocation_cursor)
		allocation_cursor = end;
}

/* The lowest free, usable place for `size` bytes at or above `floor`. */
static uint64_t first_fit(uint64_t floor, uint64_t size)
{
	return memory_find(size, PAGE_SIZE, floor, ADDRESSABLE_END, 0);
}

void *memory_at(uint64_t address)
{
	return (void *)(uintptr_t)address; /* stage 2 claims only free RAM */
}

void *memory_reserve(uint32_t length)
{
	uint64_t size = ALIGN_UP((uint64_t)length, PAGE_SIZE);
	if (size == 0)
		size = PAGE_SIZE;
	/* Above everything so far, else in a hole below (a kernel placed high
	 * leaves the memory under it free). */
	uint64_t start = first_fit(allocation_cursor, size);
	if (!start)
		start = first_fit(LOW_MEMORY_END, size);
	if (!start)
		return 0;
	add_loader_range(start, start + size);
	if (start + size > allocation_cursor)
		allocation_cursor = start + size;
	return (void *)(uintptr_t)start;
}

uint32_t memory_ebda_start(void)
{
	/* The BIOS data area keeps the EBDA's segment at 0x40e. */
	uint32_t start = (uint32_t)*(volatile uint16_t *)physical(0x40e) << 4;
	return start >= 0x80000 && start < VGA_START ? start : VGA_START;
}

const char *memory_conflict(uint64_t base, uint64_t length)
{
	extern char _bss_end[];
	struct named {
		uint64_t start, end;
		const char *name;
	} fixed[] = {
		{ 0, 0x500, "the interrupt vector table and BIOS data area" },
		{ 0x500, (uintptr_t)_bss_end, "stage 2" },
		{ (uintptr_t)BOUNCE_BUFFER, (uintptr_t)BOUNCE_BUFFER + BOUNCE_BUFFER_SIZE,
		  "stage 2's disk buffer" },
		{ memory_ebda_start(), VGA_START, "the EBDA" },
		{ VGA_START, LOW_MEMORY_END, "the VGA memory and BIOS ROM (0xa0000-0xfffff)" },
	};
	uint64_t end = base + length;
	if (end < base || end > ADDRESSABLE_END)
		return "memory above 4 GiB";
	for (unsigned i = 0; i < ARRAY_SIZE(fixed); i++)
		if (base < fixed[i].end && fixed[i].start < end)
			return fixed[i].name;
	if (overlaps_loader_range(base & ~(uint64_t)(PAGE_SIZE - 1), end))
		return "memory the loader already gave to the kernel or the boot information";
	for (uint32_t i = 0; i < region_count; i++) {
		const struct gb_memory_region *r = &regions[i];
		if (r->type == GB_MEMORY_USABLE && r->base <= base && r->base + r->length >= end)
			return 0;
	}
	return "memory the BIOS does not report as usable RAM";
}

uint32_t memory_regions(const struct gb_memory_region **out)
{
	*out = regions;
	return region_count;
}

void memory_mark(struct memory_mark *mark)
{
	mark->cursor = allocation_cursor;
	mark->range_count = loader_range_count;
	for (uint32_t i = 0; i < loader_range_count; i++)
		mark->range_end[i] = loader_ranges[i].end;
}

/* Ranges only grow at their end or are appended, so the ends and the count
 * at the mark restore them. */
void memory_release(const struct memory_mark *mark)
{
	allocation_cursor = mark->cursor;
	loader_range_count = mark->range_count;
	for (uint32_t i = 0; i < loader_range_count; i++)
		loader_ranges[i].end = mark->range_end[i];
}

uint64_t memory_find(uint64_t length, uint64_t align, uint64_t low, uint64_t high, int highest)
{
	uint64_t found = 0;
	if (low < LOW_MEMORY_END)
		low = LOW_MEMORY_END;
	if (high > ADDRESSABLE_END)
		high = ADDRESSABLE_END;
	for (uint32_t i = 0; i < region_count; i++) {
		const struct gb_memory_region *r = &regions[i];
		uint64_t start = r->base > low ? r->base : low;
		uint64_t end = r->base + r->length < high ? r->base + r->length : high;
		if (r->type != GB_MEMORY_USABLE || start >= end || end - start < length)
			continue;
		/* Step past the loader ranges in the way: up from the start, or
		 * down from the end. */
		while (end > start && end - start >= length) {
			uint64_t at = highest ? (end - length) & ~(align - 1) : ALIGN_UP(start, align);
			if (at < start || at + length > end || at + length < at)
				break;
			const struct range *in_way = loader_range_at(at, at + length);
			if (!in_way) {
				if (!found || highest)
					found = at;
				if (!highest)
					return found;
				break;
			}
			if (highest)
				end = in_way->start;
			else
				start = in_way->end;
		}
	}
	return found;
}

/* Found by halving: memory_find knows where the loader's ranges lie. */
uint64_t memory_largest_free(void)
{
	uint64_t fits = 0, too_large = ADDRESSABLE_END / PAGE_SIZE + 1; /* in pages */
	while (too_large - fits > 1) {
		uint64_t pages = fits + (too_large - fits) / 2;
		if (memory_find(pages * PAGE_SIZE, PAGE_SIZE, 0, ADDRESSABLE_END, 0))
			fits = pages;
		else
			too_large = pages;
	}
	return fits * PAGE_SIZE;
}

uint32_t memory_map_export(struct gb_memory_region *out, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < region_count; i++) {
		const struct gb_memory_region *r = &regions[i];
		uint64_t pos = r->base, end = r->base + r->length;
		/* Cut the loader's ranges out of usable regions, in address order. */
		while (pos < end && n < max) {
			uint64_t next_cut = end, cut_end = end;
			int in_loader = 0;
			if (r->type == GB_MEMORY_USABLE) {
				for (uint32_t k = 0; k < loader_range_count; k++) {
					const struct range *l = &loader_ranges[k];
					if (l->start <= pos && l->end > pos) {
						in_loader = 1;
						cut_end = l->end < end ? l->end : end;
					} else if (l->start > pos && l->start < next_cut) {
						next_cut = l->start;
					}
				}
			}
			uint64_t piece_end = in_loader ? cut_end : next_cut;
			uint32_t type = in_loader ? GB_MEMORY_LOADER : r->type;
			if (n && out[n - 1].type == type && out[n - 1].base + out[n - 1].length == pos)
				out[n - 1].length += piece_end - pos;
			else
				out[n++] = (struct gb_memory_region){ pos, piece_end - pos, type, 0 };
			pos = piece_end;
		}
	}
	return n;
}
