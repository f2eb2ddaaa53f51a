/* The kernel functions that the kernel sources built for the host tests
 * call, standing in for the kernel's own (kernel/reason.h, kstring.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kstring.h"
#include "kernel/reason.h"

size_t kstrnlen(const char *s, size_t max)
{
	return strnlen(s, max);
}

bool reason(char *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, REASON_MAX, fmt, ap);
	va_end(ap);
	return false;
}
