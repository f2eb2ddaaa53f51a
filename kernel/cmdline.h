/* The kernel command line: words separated by blanks (docs/kernel.md). */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether `word` appears as a whole word. */
bool cmdline_has(const char *cmdline, const char *word);

enum cmdline_number {
	CMDLINE_ABSENT,    /* no word KEY=... */
	CMDLINE_NUMBER,    /* *value holds it */
	CMDLINE_MALFORMED, /* KEY= with something other than a decimal number up to max */
};

/* Steps through the words KEY=VALUE: finds the first at or after *at, sets
 * *value and *length to its value (possibly empty) and *at past the word.
 * Returns false when there is none left. */
bool cmdline_next_value(const char **at, const char *key, const char **value, size_t *length);

/* Reads a word KEY=N, N decimal and at most max; the last such word counts. */
enum cmdline_number cmdline_number(const char *cmdline, const char *key, uint64_t max,
				   uint64_t *value);

#endif
