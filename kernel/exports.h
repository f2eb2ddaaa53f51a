/* What the kernel offers modules: the only kernel functions a module can
 * reach (docs/contract.md "Ghost symbols"). Each is marked GB_EXPORT where
 * it is defined, which puts it in the kernel's ".gbexports" section; stage 2
 * links modules against that section alone. tests/kernel/test_kernel_exports.c checks that
 * the built kernel exports exactly these. Modules include this header and
 * call them as ordinary functions. */
#ifndef KERNEL_EXPORTS_H
#define KERNEL_EXPORTS_H

#include <stdarg.h>
#include <stddef.h>

#include <ghostboot/export.h>

/* printf to the console (COM1 and VGA). Conversions: %d %i %u %x %X %p %s %c %%,
 * with the flags '-', '0' and '#', a width, a precision for %s, and h, l, ll, z. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vkprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* snprintf: always NUL-terminates when size > 0; returns the untruncated length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes len bytes as they are. */
void console_write(const char *s, size_t len);

/* size bytes, 16-byte aligned, from a small static pool; NULL when size is 0
 * or there is no room. */
void *kmalloc(size_t size);
/* Gives back what kmalloc returned; NULL is ignored, and so, with a warning,
 * is anything kmalloc did not return or that was freed already. */
void kfree(void *p);

/* How many times the kernel restarted the module called `name` after faults
 * of its own (docs/kernel.md "Restart after a fault"); 0 for a name no
 * module has. A restart with a provider does not count. */
unsigned module_restarts(const char *name);

/* memset, memcpy, memmove and memcmp (kstring.h) are exported too: a
 * compiler may emit calls to them in any module, freestanding or not. */

#endif
