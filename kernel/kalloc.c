/* A first-fit allocator over a pool: modules need small buffers, and this
 * kernel manages no pages. A pool is a chain of blocks, each a header and
 * its payload, covering the pool exactly; allocation splits a free block,
 * freeing merges free neighbours. Every walk checks each header against the
 * pool's bounds, so that a damaged chain (an isolated module can write its
 * heap's headers) ends the walk instead of leading it out of the pool. */
#include "kernel/kalloc.h"

#include <ghostboot/isolation.h>

#define BLOCK_FREE 0x65657266u /* "free" */
#define BLOCK_USED 0x64657375u /* "used" */

struct block {
	uint32_t state; /* BLOCK_FREE or BLOCK_USED */
	uint32_t reserved;
	uint64_t size; /* payload bytes, a multiple of KALLOC_ALIGN */
};
_Static_assert(sizeof(struct block) == KALLOC_HEADER_SIZE, "block header size");

static uint8_t kernel_pool_bytes[KALLOC_POOL_SIZE] __attribute__((aligned(KALLOC_ALIGN)));
static struct kalloc_pool kernel_pool = { kernel_pool_bytes, KALLOC_POOL_SIZE };

/* The block at `at`, or NULL when its header is damaged or leaves the pool. */
static struct block *block_at(struct kalloc_pool *pool, uint8_t *at)
{
	uint64_t offset = (uint64_t)(at - pool->base);
	if (offset >= pool->size || pool->size - offset < sizeof(struct block))
		return 0;
	struct block *b = (struct block *)at;
	uint64_t room = pool->size - offset - sizeof *b;
	if ((b->state != BLOCK_FREE && b->state != BLOCK_USED) || b->size % KALLOC_ALIGN ||
	    b->size > room)
		return 0;
	return b;
}

static struct block *first_block(struct kalloc_pool *pool)
{
	struct block *first = (struct block *)pool->base;
	if (first->state == 0 && first->size == 0)
		*first = (struct block){ BLOCK_FREE, 0, pool->size - sizeof *first };
	return block_at(pool, pool->base);
}

/* The block after b, or NULL when b is the last or the next is damaged. */
static struct block *next_block(struct kalloc_pool *pool, struct block *b)
{
	uint8_t *next = (uint8_t *)(b + 1) + b->size;
	return next < pool->base + pool->size ? block_at(pool, next) : 0;
}

void *kalloc_pool_alloc(struct kalloc_pool *pool, size_t size)
{
	if (size == 0 || size > pool->size)
		return 0;
	uint64_t need = (size + KALLOC_ALIGN - 1) & ~(uint64_t)(KALLOC_ALIGN - 1);
	for (struct block *b = first_block(pool); b; b = next_block(pool, b)) {
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

static void merge_free_neighbours(struct kalloc_pool *pool)
{
	for (struct block *b = first_block(pool); b; b = next_block(pool, b)) {
		struct block *next;
		while (b->state == BLOCK_FREE && (next = next_block(pool, b)) &&
		       next->state == BLOCK_FREE)
			b->size += sizeof *next + next->size;
	}
}

/* The block in use whose payload starts at p, or NULL. */
static struct block *used_block(struct kalloc_pool *pool, const void *p)
{
	for (struct block *b = first_block(pool); b; b = next_block(pool, b)) {
		if ((const void *)(b + 1) == p)
			return b->state == BLOCK_USED ? b : 0;
	}
	return 0;
}

bool kalloc_pool_holds(struct kalloc_pool *pool, const void *p)
{
	return used_block(pool, p) != 0;
}

bool kalloc_pool_free(struct kalloc_pool *pool, void *p)
{
	struct block *b = used_block(pool, p);
	if (!b)
		return false;
	b->state = BLOCK_FREE;
	merge_free_neighbours(pool);
	return true;
}

void *kmalloc(size_t size)
{
	return kalloc_pool_alloc(&kernel_pool, size);
}
GB_EXPORT_GATE(kmalloc, 0, GB_GATE_ARGS(GB_ARG_INT, 0, 0, 0, 0, 0));

void kfree(void *p)
{
	if (p && !kalloc_pool_free(&kernel_pool, p))
		kprintf("kfree: %p is not a block kmalloc gave out, ignored\n", p);
}
GB_EXPORT_GATE(kfree, 0, GB_GATE_ARGS(GB_ARG_GRANTED, 0, 0, 0, 0, 0));
