#include "kernel/kstring.h"

#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>

/* rep stosb / movsb rather than C loops: gcc would turn such a loop back
 * into a call to the very function it is in. */
void *memset(void *dest, int c, size_t n)
{
	void *d = dest;
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dest;
}
GB_EXPORT_GATE(memset, 0, GB_GATE_ARGS(GB_ARG_OUT + 2, GB_ARG_INT, GB_ARG_INT, 0, 0, 0));

static void copy_forward(void *dest, const void *src, size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(dest), "+S"(src), "+c"(n) : : "memory");
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	copy_forward(dest, src, n);
	return dest;
}
GB_EXPORT_GATE(memcpy, 0,
	       GB_GATE_ARGS(GB_ARG_OUT + 2, GB_ARG_IN + 2, GB_ARG_INT, 0, 0, 0));

void *memmove(void *dest, const void *src, size_t n)
{
	if ((uintptr_t)dest <= (uintptr_t)src || (uintptr_t)dest >= (uintptr_t)src + n)
	{
		copy_forward(dest, src, n);
		return dest;
	}
	/* Overlapping with dest above src: copy backwards, last byte first. */
	unsigned char *d = (unsigned char *)dest + n - 1;
	const unsigned char *s = (const unsigned char *)src + n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dest;
}
GB_EXPORT_GATE(memmove, 0,
	       GB_GATE_ARGS(GB_ARG_OUT + 2, GB_ARG_IN + 2, GB_ARG_INT, 0, 0, 0));

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}
GB_EXPORT_GATE(memcmp, 0,
	       GB_GATE_ARGS(GB_ARG_IN + 2, GB_ARG_IN + 2, GB_ARG_INT, 0, 0, 0));

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

size_t kstrnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}
