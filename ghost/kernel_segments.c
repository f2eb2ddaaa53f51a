#include "ghost/kernel_segments.h"

enum ghost_segment_problem ghost_kernel_segment_check(const Elf64_Phdr *p,
						      const Elf64_Phdr *earlier, uint32_t count,
						      uint32_t *other)
{
	uint64_t end = p->p_paddr + p->p_memsz;

	if (p->p_paddr < GHOST_KERNEL_LOAD_START)
		return GHOST_SEGMENT_LOW;
	if (end < p->p_paddr || end > GHOST_KERNEL_LOAD_END)
		return GHOST_SEGMENT_HIGH;
	for (uint32_t i = 0; i < count; i++) {
		const Elf64_Phdr *q = &earlier[i];
		if (p->p_paddr < q->p_paddr + q->p_memsz && q->p_paddr < end) {
			*other = i;
			return GHOST_SEGMENT_OVERLAP;
		}
	}
	return GHOST_SEGMENT_OK;
}

bool ghost_kernel_entry_in(const Elf64_Phdr *p, uint64_t entry)
{
	return p->p_type == PT_LOAD && (p->p_flags & PF_X) && entry >= p->p_vaddr &&
	       entry - p->p_vaddr < p->p_memsz;
}
