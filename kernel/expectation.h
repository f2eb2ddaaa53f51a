/* What the test harness asks the self test to find byte for byte: a value
 * "WHAT,SIZE,FNV" on the command line (docs/kernel.md), and the hash. */
#ifndef KERNEL_EXPECTATION_H
#define KERNEL_EXPECTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 32-bit FNV-1a hash of n bytes. */
uint32_t fnv1a(const uint8_t *p, uint64_t n);

/* The value of a lower-case hex digit, 16 for anything else. */
unsigned hex_digit(char c);

/* Reads "WHAT,SIZE,FNV" from [value, value + length): WHAT is the first
 * *what_length bytes, SIZE decimal, FNV hex. */
bool expectation_parse(const char *value, size_t length, size_t *what_length, uint64_t *size,
		       uint32_t *hash);

#endif
