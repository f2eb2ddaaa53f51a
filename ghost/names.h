/* Comparing NUL-terminated names without libc. */
#ifndef GHOSTBOOT_GHOST_NAMES_H
#define GHOSTBOOT_GHOST_NAMES_H

#include <stdbool.h>

static inline bool ghost_names_equal(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

#endif
