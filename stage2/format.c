#include "stage2/format.h"

#include <stdint.h>

static void print_unsigned(void (*put)(char), uint64_t value, unsigned base, unsigned width,
			   char pad)
{
	char digits[24];
	unsigned n = 0;
	do {
		unsigned d = (unsigned)(value % base);
		digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		value /= base;
	} while (value);
	while (width > n && width--)
		put(pad);
	while (n)
		put(digits[--n]);
}

void format_print(void (*put)(char), const char *format, va_list args)
{
	for (const char *p = format; *p; p++) {
		if (*p != '%') {
			put(*p);
			continue;
		}
		p++;
		char pad = ' ';
		unsigned width = 0, longs = 0;
		if (*p == '0')
			pad = '0', p++;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (unsigned)(*p++ - '0');
		while (*p == 'l')
			longs++, p++;
		uint64_t value;
		switch (*p) {
		case 's': {
			const char *s = va_arg(args, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(*s);
			break;
		}
		case 'c':
			put((char)va_arg(args, int));
			break;
		case 'd': {
			int64_t v = longs >= 2 ? va_arg(args, long long) : va_arg(args, int);
			if (v < 0) {
				put('-');
				v = -v;
			}
			print_unsigned(put, (uint64_t)v, 10, width, pad);
			break;
		}
		case 'u':
		case 'x':
			value = longs >= 2 ? va_arg(args, unsigned long long) : va_arg(args, unsigned);
			print_unsigned(put, value, *p == 'u' ? 10 : 16, width, pad);
			break;
		case 'p':
			put('0');
			put('x');
			print_unsigned(put, (uintptr_t)va_arg(args, void *), 16, 8, '0');
			break;
		case '%':
			put('%');
			break;
		default:
			put('?');
			if (!*p)
				return;
		}
	}
}

