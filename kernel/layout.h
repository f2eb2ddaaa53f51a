/* Where the kernel lives: kernel.ld places it, this header lets C find it.
 * The two must agree (docs/kernel.md). */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include <stdint.h>

#define KERNEL_PHYS_BASE 0x100000ull
#define KERNEL_VIRT_BASE 0xffffffff80100000ull
/* virtual = physical + KERNEL_VIRT_OFFSET for every byte of the kernel */
#define KERNEL_VIRT_OFFSET (KERNEL_VIRT_BASE - KERNEL_PHYS_BASE)

/* Defined by kernel.ld: the first byte of .text and one past the end of .bss. */
extern char __kernel_start[], __kernel_end[];

static inline uint64_t kernel_phys_start(void)
{
	return (uint64_t)(uintptr_t)__kernel_start - KERNEL_VIRT_OFFSET;
}

static inline uint64_t kernel_phys_end(void)
{
	return (uint64_t)(uintptr_t)__kernel_end - KERNEL_VIRT_OFFSET;
}

#endif
