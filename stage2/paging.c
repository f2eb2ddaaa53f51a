/* Four-level paging as the Intel SDM, volume 3, "4-Level Paging", lays it
 * out. Tables come from memory_allocate, so they are zeroed and reported
 * to the kernel as loader memory. */
#include "stage2/paging.h"

#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/memory.h"

#define PTE_PRESENT (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_USER (1ull << 2)
#define PTE_LARGE (1ull << 7)
#define PTE_NO_EXECUTE (1ull << 63)
#define PTE_ADDRESS 0x000ffffffffff000ull

static uint64_t *new_table(void)
{
	uint64_t *table = memory_allocate(PAGE_SIZE);
	if (!table)
		panic("out of memory for page tables");
	return table;
}

static uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDRESS);
}

uint32_t paging_create(void)
{
	uint64_t *pml4 = new_table();
	uint64_t *pdpt = new_table();
	pml4[0] = (uintptr_t)pdpt | PTE_PRESENT | PTE_WRITABLE;
	for (unsigned gib = 0; gib < 4; gib++) {
		uint64_t *pd = new_table();
		pdpt[gib] = (uintptr_t)pd | PTE_PRESENT | PTE_WRITABLE;
		for (unsigned i = 0; i < 512; i++)
			pd[i] = (((uint64_t)gib << 30) + ((uint64_t)i << 21)) | PTE_PRESENT |
				PTE_WRITABLE | PTE_LARGE;
	}
	return (uint32_t)(uintptr_t)pml4;
}

/* The next level's table for `index` in `table`, made when missing; the
 * entry gains `user` (PTE_USER or 0): the leaves decide. */
static uint64_t *next_level(uint64_t *table, unsigned index, uint64_t user)
{
	if (!(table[index] & PTE_PRESENT))
		table[index] = (uintptr_t)new_table() | PTE_PRESENT | PTE_WRITABLE;
	table[index] |= user;
	return table_at(table[index]);
}

int paging_map(uint32_t pml4_address, uint64_t virt, uint64_t phys, uint64_t length,
	       unsigned access, const char **why)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)pml4_address;
	uint64_t end = virt + length;
	if ((virt & 0xfff) || (phys & 0xfff)) {
		*why = "address not page-aligned";
		return -1;
	}
	/* Canonical: bits 63..47 all equal. */
	if (end < virt || ((virt >> 47) != 0 && (virt >> 47) != 0x1ffff) ||
	    ((end - 1) >> 47) != (virt >> 47)) {
		*why = "address range is not canonical";
		return -1;
	}
	if (virt < IDENTITY_MAP_END) {
		*why = "virtual address inside the identity-mapped first 4 GiB";
		return -1;
	}
	uint64_t flags = PTE_PRESENT;
	if (access & PAGE_WRITABLE)
		flags |= PTE_WRITABLE;
	if (!(access & PAGE_EXECUTABLE) && cpu_has_no_execute())
		flags |= PTE_NO_EXECUTE;
	uint64_t user = access & PAGE_USER_TABLES ? PTE_USER : 0;
	for (uint64_t v = virt, p = phys; v < end; v += PAGE_SIZE, p += PAGE_SIZE) {
		uint64_t *pdpt = next_level(pml4, (unsigned)(v >> 39) & 511, user);
		uint64_t *pd = next_level(pdpt, (unsigned)(v >> 30) & 511, user);
		uint64_t *pt = next_level(pd, (unsigned)(v >> 21) & 511, user);
		uint64_t *pte = &pt[(v >> 12) & 511];
		if (*pte & PTE_PRESENT) {
			/* Two segments sharing a page get the union of their rights. */
			if ((*pte & PTE_ADDRESS) != p) {
				*why = "two segments map one page to different memory";
				return -1;
			}
			*pte = (*pte | (flags & PTE_WRITABLE)) & (flags | ~PTE_NO_EXECUTE);
			continue;
		}
		*pte = p | flags;
	}
	return 0;
}
