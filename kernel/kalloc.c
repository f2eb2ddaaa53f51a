/* A first-fit allocator over one static pool: modules need small buffers,
 * and this kernel manages no pages. The pool is a chain of blocks, each a
 * header and its payload, covering the pool exactly; kmalloc splits a free
 * block, kfree merges free neighbours. Every kfree is checked against the
 * chain, so that a module's bad pointer cannot corrupt it. */
#include "kernel/kalloc.h"

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/isolation.h>

#define BLOCK_FREE 0x65657266u /* "free" */
#define BLOCK_USED 0x64657375u /* "used" */

struct block {
	uint32_t state; /* BLOCK_FREE or BLOCK_USED */
	uint32_t reserved;
	uint64_t size; /* payload bytes, a multiple of KALLOC_ALIGN */
};
_Static_assert(sizeof(struct block) == KALLOC_HEADER_SIZE, "block header size");

static uint8_t pool[KALLOC_POOL_SIZE] __attribute__((aligned(KALLOC_ALIGN)));
static bool pool_ready;

static struct block *first_block(void)
{
	struct block *b = (struct block *)pool;
	if (!pool_ready) {
		*b = (struct block){ BLOCK_FREE, 0, KALLOC_POOL_SIZE - sizeof *b };
		pool_ready = true;
	}
	return b;
}

/* The block after b, or NULL when b is the last. */
static struct block *next_block(struct block *b)
{
	uint8_t *next = (uint8_t *)(b + 1) + b->size;
	return next < pool + KALLOC_POOL_SIZE ? (struct block *)next : 0;
}

void *kmalloc(size_t size)
{
	if (size == 0 || size > KALLOC_POOL_SIZE)
		return 0;
	uint64_t need = (size + KALLOC_ALIGN - 1) & ~(uint64_t)(KALLOC_ALIGN - 1);
	for (struct block *b = first_block(); b; b = next_block(b)) {
		if (b->state != BLOCK_FREE || b->size < need)
			continue;
		if (b->size - need >= sizeof *b + KALLOC_ALIGN) {
			struct block *rest = (struct block *)((uint8_t *)(b + 1) + need);
			*rest = (struct block){ BLOCK_FREE, 0, b->size - need - sizeof *b };
			b->size = need;
		}
		b->state = BLOCK_USED;
		return b + 1;
	}
	return 0;
}
GB_EXPORT_GATE(kmalloc, 0, GB_GATE_ARGS(GB_ARG_INT, 0, 0, 0, 0, 0));

static void merge_free_neighbours(void)
{
	for (struct block *b = first_block(); b; b = next_block(b)) {
		struct block *next;
		while (b->state == BLOCK_FREE && (next = next_block(b)) && next->state == BLOCK_FREE)
			b->size += sizeof *next + next->size;
	}
}

void kfree(void *p)
{
	if (!p)
		return;
	for (struct block *b = first_block(); b; b = next_block(b)) {
		if ((void *)(b + 1) != p)
			continue;
		if (b->state != BLOCK_USED)
			break;
		b->state = BLOCK_FREE;
		merge_free_neighbours();
		return;
	}
	kprintf("kfree: %p is not a block kmalloc gave out, ignored\n", p);
}
GB_EXPORT_GATE(kfree, 0, GB_GATE_ARGS(GB_ARG_GRANTED, 0, 0, 0, 0, 0));
