/* The memory and string functions the kernel needs; gcc may also emit calls
 * to memset, memcpy, memmove and memcmp on its own, even freestanding.
 * The standard ones keep their standard names and meaning, so that portable
 * files (module_image.c) build against a host libc as well. The four that
 * compilers call are exported to modules (exports.h). */
#ifndef KERNEL_KSTRING_H
#define KERNEL_KSTRING_H

#include <stddef.h>

void *memset(void *dest, int c, size_t n);
void *memcpy(void *restrict dest, const void *restrict src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
int strcmp(const char *a, const char *b);

/* Length of s, at most max: stops at a NUL or after max bytes. */
size_t kstrnlen(const char *s, size_t max);

#endif
