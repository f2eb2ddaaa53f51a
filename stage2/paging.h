/* The x86-64 page tables stage 2 builds for the kernel. */
#ifndef GHOSTBOOT_STAGE2_PAGING_H
#define GHOSTBOOT_STAGE2_PAGING_H

#include <stdint.h>

#define IDENTITY_MAP_END 0x100000000ull /* the first 4 GiB, in 2 MiB pages */

/* PAGE_USER_TABLES: the tables above the pages allow user access, the
 * pages themselves do not, until the kernel sets U on them (an isolated
 * module's pages, docs/isolation.md "Mapping"). */
enum page_access { PAGE_WRITABLE = 1, PAGE_EXECUTABLE = 2, PAGE_USER_TABLES = 4 };

/* A PML4 with the first 4 GiB identity-mapped. */
uint32_t paging_create(void);

/* Maps [virt, virt + length) to physical memory from `phys` in 4 KiB pages.
 * Returns 0, or -1 with `*why` set (address not canonical, overlaps the
 * identity map or an earlier mapping, out of memory). */
int paging_map(uint32_t pml4, uint64_t virt, uint64_t phys, uint64_t length, unsigned access,
	       const char **why);

#endif
