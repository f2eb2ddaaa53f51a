/* The small printf both loaders' consoles use: %s %c %d %u %x %p, with
 * `l`/`ll` sizes, `0` padding and a width. */
#ifndef GHOSTBOOT_STAGE2_FORMAT_H
#define GHOSTBOOT_STAGE2_FORMAT_H

#include <stdarg.h>

/* Formats `format` with `args`, one character at a time through `put`. */
void format_print(void (*put)(char), const char *format, va_list args);

#endif
