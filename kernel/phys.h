/* Reaching physical memory through the loader's identity map of the first
 * 4 GiB. Every address the boot info gives is checked here before use. */
#ifndef KERNEL_PHYS_H
#define KERNEL_PHYS_H

#include <stdbool.h>
#include <stdint.h>

#define PHYS_IDENTITY_LIMIT 0x100000000ull /* 4 GiB */

/* True when [addr, addr + length) is non-null and lies below 4 GiB. */
bool phys_range_ok(uint64_t addr, uint64_t length);

static inline const void *phys_ptr(uint64_t addr)
{
	return (const void *)(uintptr_t)addr;
}

/* The NUL-terminated string at addr, if its NUL comes within max bytes and
 * below 4 GiB; else NULL. */
const char *phys_string(uint64_t addr, uint64_t max);

#endif
