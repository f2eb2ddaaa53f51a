/* Where a loader may put a kernel's loadable segments (docs/stage2.md,
 * "Memory"): from 1 MiB up, where stage 1, stage 2 and the BIOS leave
 * room; below 4 GiB, where 32-bit stage 2 reaches; none over another. One
 * rule for stage 2, which loads the kernel, and the CLI, which checks it
 * before an image is written. */
#ifndef GHOSTBOOT_GHOST_KERNEL_SEGMENTS_H
#define GHOSTBOOT_GHOST_KERNEL_SEGMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ghost/elf.h"

#define GHOST_KERNEL_LOAD_START 0x100000ull
#define GHOST_KERNEL_LOAD_END 0x100000000ull

enum ghost_segment_problem {
	GHOST_SEGMENT_OK,
	GHOST_SEGMENT_LOW,     /* starts below GHOST_KERNEL_LOAD_START */
	GHOST_SEGMENT_HIGH,    /* reaches past GHOST_KERNEL_LOAD_END, or wraps */
	GHOST_SEGMENT_OVERLAP, /* shares physical memory with an earlier one */
};

/* Checks loadable segment `p` against the rule and against the `count`
 * loadable segments before it (`earlier`); for an overlap, `*other` is
 * the index into `earlier` of the one it meets. */
enum ghost_segment_problem ghost_kernel_segment_check(const Elf64_Phdr *p,
						      const Elf64_Phdr *earlier, uint32_t count,
						      uint32_t *other);

/* Whether the entry point lies inside `p`, a loadable executable segment. */
bool ghost_kernel_entry_in(const Elf64_Phdr *p, uint64_t entry);

#endif
