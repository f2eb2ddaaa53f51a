/* Host test of kernel/kalloc.c: alignment, exhaustion, reuse, merging of
 * free neighbours, bad frees ignored without damage to the pool, and a pool
 * whose headers were damaged never walked past. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kalloc.h"
#include "tests/check.h"

static int warnings; /* kfree's complaints, through kprintf */

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	warnings++;
	printf("# ");
	int length = vprintf(fmt, ap);
	va_end(ap);
	return length;
}

/* The largest block the pool gives out when all of it is free. */
#define WHOLE_POOL (KALLOC_POOL_SIZE - KALLOC_HEADER_SIZE)

static bool whole_pool_free(void)
{
	void *p = kmalloc(WHOLE_POOL);
	kfree(p);
	return p != NULL;
}

static void sizes_and_alignment(void)
{
	CHECK(kmalloc(0) == NULL, "kmalloc(0) is NULL");
	CHECK(kmalloc(KALLOC_POOL_SIZE) == NULL, "more than the pool is NULL");
	CHECK(kmalloc(SIZE_MAX) == NULL, "SIZE_MAX is NULL");
	bool aligned = true, apart = true;
	uint8_t *blocks[7];
	for (size_t i = 0; i < 7; i++) {
		blocks[i] = kmalloc(i * 5 + 1);
		aligned &= blocks[i] && (uintptr_t)blocks[i] % KALLOC_ALIGN == 0;
		if (blocks[i])
			memset(blocks[i], 0xa0 + (int)i, i * 5 + 1);
	}
	for (size_t i = 0; i < 7; i++) {
		for (size_t b = 0; blocks[i] && b < i * 5 + 1; b++)
			apart &= blocks[i][b] == 0xa0 + i;
		kfree(blocks[i]);
	}
	CHECK(aligned, "every block is 16-byte aligned");
	CHECK(apart, "blocks do not overlap");
	CHECK(whole_pool_free(), "all freed: the whole pool is one block again");
}

static void exhaustion_and_merging(void)
{
	enum { PIECE = 1000 };
	static void *pieces[KALLOC_POOL_SIZE / PIECE];
	size_t count = 0;
	while (count < sizeof pieces / sizeof pieces[0] && (pieces[count] = kmalloc(PIECE)))
		count++;
	size_t expected = KALLOC_POOL_SIZE / (KALLOC_HEADER_SIZE + 1008);
	CHECK(count == expected, "the pool holds as many blocks as fit, then says NULL");
	CHECK(kmalloc(1) == NULL, "a full pool has not a byte left");
	/* Free every other block: none merges, so a block twice as big fails. */
	for (size_t i = 0; i < count; i += 2)
		kfree(pieces[i]);
	void *big = kmalloc(2 * PIECE + KALLOC_HEADER_SIZE + 16);
	CHECK(big == NULL, "scattered free blocks are not one big block");
	void *reused = kmalloc(PIECE);
	CHECK(reused == pieces[0], "a freed block is reused, first fit");
	kfree(reused);
	for (size_t i = 1; i < count; i += 2)
		kfree(pieces[i]);
	CHECK(whole_pool_free(), "freeing the rest merges everything back");
}

static void bad_frees(void)
{
	uint8_t *a = kmalloc(64), *b = kmalloc(64);
	int before = warnings;
	kfree(a + 16);
	CHECK(warnings == before + 1, "a pointer inside a block is refused with a warning");
	static int outside;
	kfree(&outside);
	CHECK(warnings == before + 2, "a pointer outside the pool is refused with a warning");
	kfree(b);
	kfree(b);
	CHECK(warnings == before + 3, "a double free is refused with a warning");
	kfree(NULL);
	CHECK(warnings == before + 3, "kfree(NULL) is quietly nothing");
	kfree(a);
	CHECK(whole_pool_free(), "after the bad frees the pool is whole again");
}

/* A pool whose headers its owner may write (an isolated module's heap):
 * a damaged header ends every walk inside the pool, never past it. */
static void damaged_chain(void)
{
	static uint8_t bytes[4096 + 64] __attribute__((aligned(16)));
	memset(bytes + 4096, 0x5a, 64); /* a guard after the pool */
	struct kalloc_pool pool = { bytes, 4096 };
	uint8_t *a = kalloc_pool_alloc(&pool, 32), *b = kalloc_pool_alloc(&pool, 32);
	CHECK(a && b && kalloc_pool_holds(&pool, a) && kalloc_pool_holds(&pool, b),
	      "a pool of its own gives blocks and knows them");
	uint64_t *header = (uint64_t *)(a - KALLOC_HEADER_SIZE);
	header[1] = UINT64_MAX - 15; /* a's size: far past the pool */
	CHECK(!kalloc_pool_holds(&pool, b), "past a header claiming too much, no block is found");
	CHECK(kalloc_pool_alloc(&pool, 16) == NULL, "nor is one given out");
	CHECK(!kalloc_pool_free(&pool, b), "nor freed");
	header[1] = 32;
	header[0] = 0x12345678; /* neither free nor used */
	CHECK(kalloc_pool_alloc(&pool, 16) == NULL, "a header of unknown state ends the walk");
	header[0] = 0x64657375; /* "used" again */
	CHECK(kalloc_pool_free(&pool, b) && kalloc_pool_free(&pool, a),
	      "repaired, both blocks free again");
	memset(bytes, 0, 4096); /* a restarted module's heap, zeroed */
	uint8_t *again = kalloc_pool_alloc(&pool, 4096 - KALLOC_HEADER_SIZE);
	CHECK(again == bytes + KALLOC_HEADER_SIZE, "a pool zeroed again starts empty");
	bool guard = true;
	for (unsigned i = 4096; i < sizeof bytes; i++)
		guard &= bytes[i] == 0x5a;
	CHECK(guard, "nothing past the pool was written");
}

int main(void)
{
	sizes_and_alignment();
	exhaustion_and_merging();
	bad_frees();
	damaged_chain();
	CHECK_EXIT();
}
