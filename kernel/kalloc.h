/* kmalloc and kfree (declared in exports.h, for modules): a first-fit
 * allocator over a static pool. Portable: the host test builds it too
 * (tests/kernel/test_kalloc.c). */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H

#include "kernel/exports.h"

#define KALLOC_POOL_SIZE (64u * 1024u)
#define KALLOC_ALIGN 16u
/* Bytes each allocation costs beyond its rounded-up size. */
#define KALLOC_HEADER_SIZE 16u

#endif
