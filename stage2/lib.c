/* The few C library pieces stage 2 needs, and that gcc may call by itself
 * (memcpy, memset, memcmp, memmove; 64-bit division in 32-bit code). */
#include <stddef.h>
#include <stdint.h>

#include "stage2/lib.h"

/* Whole dwords first: rep movsd runs several times faster than rep movsb
 * under emulation and on old CPUs, and the payload copies are megabytes. */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *start = dst;
	size_t dwords = n / 4, bytes = n % 4;
	__asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(dwords) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(bytes) : : "memory");
	return start;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int value, size_t n)
{
	void *start = dst;
	uint32_t pattern = (uint8_t)value * 0x01010101u;
	size_t dwords = n / 4, bytes = n % 4;
	__asm__ volatile("rep stosl" : "+D"(dst), "+c"(dwords) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(bytes) : "a"(pattern) : "memory");
	return start;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

/* Shift-and-subtract: slow, but 64-bit divisions are rare here. */
uint64_t __udivmoddi4(uint64_t num, uint64_t den, uint64_t *rem)
{
	uint64_t quotient = 0, remainder = 0;
	if (den == 0)
		__builtin_trap();
	for (int bit = 63; bit >= 0; bit--) {
		remainder = (remainder << 1) | ((num >> bit) & 1);
		if (remainder >= den) {
			remainder -= den;
			quotient |= 1ull << bit;
		}
	}
	if (rem)
		*rem = remainder;
	return quotient;
}

uint64_t __udivdi3(uint64_t num, uint64_t den)
{
	return __udivmoddi4(num, den, 0);
}

uint64_t __umoddi3(uint64_t num, uint64_t den)
{
	uint64_t rem;
	__udivmoddi4(num, den, &rem);
	return rem;
}
