#include "stage2/strings.h"

#include "stage2/console.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

void string_pool_init(struct string_pool *pool, uint32_t size)
{
	pool->base = memory_allocate(size);
	if (!pool->base)
		panic("out of memory for the boot information");
	pool->used = 0;
	pool->size = size;
}

uint64_t string_pool_add(struct string_pool *pool, const char *text, uint32_t length)
{
	if (length >= pool->size - pool->used)
		panic("the boot information's strings exceed %u bytes", pool->size);
	char *copy = pool->base + pool->used;
	memcpy(copy, text, length);
	copy[length] = 0;
	pool->used += length + 1;
	return (uintptr_t)copy;
}

uint64_t string_pool_add_string(struct string_pool *pool, const char *text)
{
	return string_pool_add(pool, text, (uint32_t)strlen(text));
}
