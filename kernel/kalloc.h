/* kmalloc and kfree (declared in exports.h, for modules): a first-fit
 * allocator over a pool. The kernel has one static pool; each isolated
 * module has another, its heap (struct gb_isolation.heap, kernel/gate.c), whose bytes the module can
 * write, so every block header is checked before it is believed. Portable:
 * the host test builds it too (tests/kernel/test_kalloc.c). */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/exports.h"

#define KALLOC_POOL_SIZE (64u * 1024u) /* the kernel's own pool */
#define KALLOC_ALIGN 16u
/* Bytes each allocation costs beyond its rounded-up size. */
#define KALLOC_HEADER_SIZE 16u

/* size bytes at base (KALLOC_ALIGN-aligned, a multiple of it), zeroed before
 * first use: a pool whose first header is all zeros is laid out afresh, so
 * that a pool zeroed again (an isolated module's heap, when the module is
 * restarted) starts empty. */
struct kalloc_pool {
	uint8_t *base;
	uint64_t size;
};

/* NULL when size is 0, there is no room, or the chain is damaged. */
void *kalloc_pool_alloc(struct kalloc_pool *pool, size_t size);
/* False, changing nothing, when p is not a block in use in the pool. */
bool kalloc_pool_free(struct kalloc_pool *pool, void *p);
/* Whether p is the start of a block in use in the pool. */
bool kalloc_pool_holds(struct kalloc_pool *pool, const void *p);

#endif
