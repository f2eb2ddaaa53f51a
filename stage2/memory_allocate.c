/* Zero-filled memory over each loader's own memory_reserve (stage2/memory.c
 * for the BIOS, uefi/memory.c for UEFI). */
#include "stage2/lib.h"
#include "stage2/memory.h"

void *memory_allocate(uint32_t length)
{
	void *p = memory_reserve(length);
	size_t size = ALIGN_UP((size_t)length, PAGE_SIZE);
	if (p)
		memset(p, 0, size ? size : PAGE_SIZE);
	return p;
}
