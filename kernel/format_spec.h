/* One printf directive as kprintf reads it: kprintf formats by it, and a
 * gate checks a format string from an isolated module by it (gate_args.h),
 * so that both agree on which argument each conversion takes. */
#ifndef KERNEL_FORMAT_SPEC_H
#define KERNEL_FORMAT_SPEC_H

#include <stdbool.h>

enum format_size { SIZE_INT, SIZE_SHORT, SIZE_CHAR, SIZE_LONG, SIZE_LONG_LONG, SIZE_SIZE_T };

struct format_spec {
	bool left;      /* '-' */
	bool zero;      /* '0' */
	bool alternate; /* '#': 0x before a non-zero hexadecimal number */
	bool width_from_argument;     /* '*': an int argument comes first */
	bool precision_from_argument; /* ".*": an int argument, after the width's */
	int width;
	int precision; /* -1: none */
	enum format_size size;
	char conversion; /* '\0' when the format ends inside the directive */
};

/* Reads the directive after a '%' at fmt; returns where the text resumes. */
const char *format_spec_parse(const char *fmt, struct format_spec *spec);

/* Whether the conversion takes an argument of its own (kprintf shows an
 * unknown conversion as written, taking none). */
bool format_spec_takes_argument(char conversion);

#endif
