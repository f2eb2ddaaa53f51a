/* What the kernel offers modules. Once modules are linked these will be
 * marked with GB_EXPORT; until then this header is the list. A module
 * includes it and calls these as ordinary functions. */
#ifndef KERNEL_EXPORTS_H
#define KERNEL_EXPORTS_H

#include <stdarg.h>
#include <stddef.h>

/* printf to the console (COM1 and VGA). Conversions: %d %i %u %x %X %p %s %c %%,
 * with the flags '-', '0' and '#', a width, a precision for %s, and h, l, ll, z. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vkprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* snprintf: always NUL-terminates when size > 0; returns the untruncated length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes len bytes as they are. */
void console_write(const char *s, size_t len);

#endif
