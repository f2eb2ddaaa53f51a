#include "kernel/expectation.h"

uint32_t fnv1a(const uint8_t *p, uint64_t n)
{
	uint32_t hash = 2166136261u;
	while (n--)
		hash = (hash ^ *p++) * 16777619u;
	return hash;
}

unsigned hex_digit(char c)
{
	return c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
	       : c >= '0' && c <= '9' ? (unsigned)(c - '0') : 16;
}

bool expectation_parse(const char *value, size_t length, size_t *what_length, uint64_t *size,
		       uint32_t *hash)
{
	size_t i = 0;
	while (i < length && value[i] != ',')
		i++;
	*what_length = i;
	*size = 0;
	*hash = 0;
	if (i++ == length)
		return false;
	for (; i < length && value[i] != ','; i++) {
		if (value[i] < '0' || value[i] > '9')
			return false;
		*size = *size * 10 + (uint64_t)(value[i] - '0');
	}
	if (i++ == length)
		return false;
	for (; i < length; i++) {
		unsigned digit = hex_digit(value[i]);
		if (digit == 16)
			return false;
		*hash = *hash << 4 | digit;
	}
	return true;
}
