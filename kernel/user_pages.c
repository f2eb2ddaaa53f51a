/* Four-level paging walked from CR3 (Intel SDM vol. 3, "4-Level Paging"):
 * the loader's tables lie below 4 GiB, identity-mapped, which every step
 * checks before it reads a table. */
#include "kernel/user_pages.h"

#include "kernel/cpu.h"
#include "kernel/kprintf.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

#define PAGE_SIZE 4096u
#define PTE_PRESENT (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_USER (1ull << 2)
#define PTE_LARGE (1ull << 7)
#define PTE_NO_EXECUTE (1ull << 63)
#define PTE_ADDRESS 0x000ffffffffff000ull

/* The leaf entry mapping the 4 KiB page at virt, or NULL with the problem. */
static uint64_t *leaf_entry(uint64_t virt, const char **problem)
{
	uint64_t table = read_cr3() & PTE_ADDRESS;
	for (int shift = 39; shift >= 12; shift -= 9) {
		if (!phys_range_ok(table, PAGE_SIZE)) {
			*problem = "a page table lies beyond 4 GiB";
			return 0;
		}
		uint64_t *entry = (uint64_t *)(uintptr_t)table + ((virt >> shift) & 511);
		if (!(*entry & PTE_PRESENT)) {
			*problem = "is not mapped";
			return 0;
		}
		if (shift == 12)
			return entry;
		if (*entry & PTE_LARGE) {
			*problem = "is mapped by a large page, not a 4 KiB leaf";
			return 0;
		}
		if (!(*entry & PTE_USER)) {
			*problem = "has an upper-level entry closed to ring 3";
			return 0;
		}
		table = *entry & PTE_ADDRESS;
	}
	return 0; /* not reached: the loop returns at shift 12 */
}

bool user_pages_check(uint64_t start, uint64_t size, char *why)
{
	if (start % PAGE_SIZE || size % PAGE_SIZE || size == 0 || start + size < start)
		return reason(why, "user range %#lx+%#lx is not whole pages", start, size);
	for (uint64_t page = start; page < start + size; page += PAGE_SIZE) {
		const char *problem;
		const uint64_t *leaf = leaf_entry(page, &problem);
		if (!leaf)
			return reason(why, "user page %#lx %s", page, problem);
		if (*leaf & PTE_USER)
			return reason(why, "user page %#lx is open to ring 3 before it runs", page);
	}
	return true;
}

bool user_pages_writable(uint64_t start, uint64_t size)
{
	uint64_t first = start & ~(uint64_t)(PAGE_SIZE - 1);
	for (uint64_t page = first; page < start + size; page += PAGE_SIZE) {
		const char *problem;
		const uint64_t *leaf = leaf_entry(page, &problem);
		if (!leaf || !(*leaf & PTE_WRITABLE))
			return false;
	}
	return true;
}

bool user_pages_executable(uint64_t address)
{
	const char *problem;
	const uint64_t *leaf = leaf_entry(address & ~(uint64_t)(PAGE_SIZE - 1), &problem);
	return leaf && !(*leaf & PTE_NO_EXECUTE);
}

void user_pages_open(uint64_t start, uint64_t size, bool open)
{
	for (uint64_t page = start; page < start + size; page += PAGE_SIZE) {
		const char *problem;
		uint64_t *leaf = leaf_entry(page, &problem);
		if (!leaf)
			continue; /* not after user_pages_check */
		*leaf = open ? *leaf | PTE_USER : *leaf & ~PTE_USER;
		invalidate_page(page);
	}
}

#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

static bool smap;

void user_pages_protect(void)
{
	uint32_t regs[4];
	cpuid(0, 0, regs);
	uint32_t ebx7 = 0;
	if (regs[0] >= 7) {
		cpuid(7, 0, regs);
		ebx7 = regs[1];
	}
	uint64_t cr4 = read_cr4();
	if (ebx7 & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (ebx7 & CPUID7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	smap = ebx7 & CPUID7_EBX_SMAP;
	kprintf("isolation: SMEP %s, SMAP %s\n", ebx7 & CPUID7_EBX_SMEP ? "on" : "absent",
		smap ? "on" : "absent");
}

#define RFLAGS_AC (1ull << 18)

bool user_access_begin(void)
{
	if (!smap)
		return false;
	uint64_t rflags;
	__asm__ volatile("pushfq; popq %0" : "=r"(rflags));
	__asm__ volatile("stac" : : : "memory");
	return rflags & RFLAGS_AC;
}

void user_access_end(bool was_open)
{
	if (smap && !was_open)
		__asm__ volatile("clac" : : : "memory");
}

void user_access_close(void)
{
	if (smap)
		__asm__ volatile("clac" : : : "memory");
}
