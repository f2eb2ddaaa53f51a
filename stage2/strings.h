/* Strings handed to the kernel, copied into loader memory. */
#ifndef GHOSTBOOT_STAGE2_STRINGS_H
#define GHOSTBOOT_STAGE2_STRINGS_H

#include <stdint.h>

struct string_pool {
	char *base;
	uint32_t used, size;
};

void string_pool_init(struct string_pool *pool, uint32_t size);

/* Copies `length` bytes of `text` and a NUL; returns the physical address. */
uint64_t string_pool_add(struct string_pool *pool, const char *text, uint32_t length);
uint64_t string_pool_add_string(struct string_pool *pool, const char *text);

#endif
