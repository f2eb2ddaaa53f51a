/* A small printf: enough for addresses, sizes and names, nothing floating. */
#include "kernel/kprintf.h"

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/isolation.h>

#include "kernel/console.h"

/* Where formatted characters go: the console, or a buffer of `size` bytes. */
struct sink {
	char *buf; /* NULL: the console */
	size_t size;
	size_t length; /* characters produced, written or not */
};

static void emit(struct sink *out, char c)
{
	if (!out->buf)
		console_putc(c);
	else if (out->length + 1 < out->size)
		out->buf[out->length] = c;
	out->length++;
}

static void emit_padding(struct sink *out, char c, int count)
{
	for (int i = 0; i < count; i++)
		emit(out, c);
}

struct spec {
	bool left;  /* '-' */
	bool zero;  /* '0' */
	bool alternate; /* '#': 0x before a non-zero hexadecimal number */
	int width;
	int precision; /* -1: none */
};

static void emit_string(struct sink *out, const char *s, const struct spec *spec)
{
	if (!s)
		s = "(null)";
	int length = 0;
	while (s[length] && (spec->precision < 0 || length < spec->precision))
		length++;
	if (!spec->left)
		emit_padding(out, ' ', spec->width - length);
	for (int i = 0; i < length; i++)
		emit(out, s[i]);
	if (spec->left)
		emit_padding(out, ' ', spec->width - length);
}

static void emit_prefix(struct sink *out, const char *prefix)
{
	while (*prefix)
		emit(out, *prefix++);
}

static void emit_number(struct sink *out, uint64_t value, bool negative, unsigned base,
			bool upper, const struct spec *spec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = negative ? "-" : "";
	if (spec->alternate && base == 16 && value)
		prefix = upper ? "0X" : "0x";
	char text[24]; /* 2^64 has 20 decimal digits */
	int length = 0;
	do {
		text[length++] = digits[value % base];
		value /= base;
	} while (value);

	int prefix_length = 0;
	while (prefix[prefix_length])
		prefix_length++;
	int padding = spec->width - length - prefix_length;
	if (spec->left) {
		emit_prefix(out, prefix);
		while (length)
			emit(out, text[--length]);
		emit_padding(out, ' ', padding);
		return;
	}
	if (spec->zero) {
		emit_prefix(out, prefix);
		emit_padding(out, '0', padding);
	} else {
		emit_padding(out, ' ', padding);
		emit_prefix(out, prefix);
	}
	while (length)
		emit(out, text[--length]);
}

enum size { SIZE_INT, SIZE_SHORT, SIZE_CHAR, SIZE_LONG, SIZE_LONG_LONG, SIZE_SIZE_T };

static uint64_t take_unsigned(va_list *ap, enum size size)
{
	switch (size) {
	case SIZE_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case SIZE_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case SIZE_LONG:
		return va_arg(*ap, unsigned long);
	case SIZE_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case SIZE_SIZE_T:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(va_list *ap, enum size size)
{
	switch (size) {
	case SIZE_CHAR:
		return (signed char)va_arg(*ap, int);
	case SIZE_SHORT:
		return (short)va_arg(*ap, int);
	case SIZE_LONG:
		return va_arg(*ap, long);
	case SIZE_LONG_LONG:
		return va_arg(*ap, long long);
	case SIZE_SIZE_T:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static void format(struct sink *out, const char *fmt, va_list ap_in)
{
	va_list ap;
	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			emit(out, *fmt++);
			continue;
		}
		fmt++;
		struct spec spec = { .precision = -1 };
		for (;; fmt++) {
			if (*fmt == '-')
				spec.left = true;
			else if (*fmt == '0')
				spec.zero = true;
			else if (*fmt == '#')
				spec.alternate = true;
			else
				break;
		}
		if (*fmt == '*') {
			spec.width = va_arg(ap, int);
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9' && spec.width < 1000)
				spec.width = spec.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			spec.precision = 0;
			if (*fmt == '*') {
				spec.precision = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9' && spec.precision < 1000)
					spec.precision = spec.precision * 10 + (*fmt++ - '0');
			}
		}
		enum size size = SIZE_INT;
		if (*fmt == 'h') {
			size = fmt[1] == 'h' ? SIZE_CHAR : SIZE_SHORT;
			fmt += size == SIZE_CHAR ? 2 : 1;
		} else if (*fmt == 'l') {
			size = fmt[1] == 'l' ? SIZE_LONG_LONG : SIZE_LONG;
			fmt += size == SIZE_LONG_LONG ? 2 : 1;
		} else if (*fmt == 'z') {
			size = SIZE_SIZE_T;
			fmt++;
		}

		char conversion = *fmt;
		if (!conversion)
			break;
		fmt++;
		switch (conversion) {
		case 'd':
		case 'i': {
			int64_t v = take_signed(&ap, size);
			uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
			emit_number(out, magnitude, v < 0, 10, false, &spec);
			break;
		}
		case 'u':
			emit_number(out, take_unsigned(&ap, size), false, 10, false, &spec);
			break;
		case 'x':
		case 'X':
			emit_number(out, take_unsigned(&ap, size), false, 16, conversion == 'X',
				    &spec);
			break;
		case 'p': {
			struct spec pointer = { .zero = true, .width = 16, .precision = -1 };
			emit(out, '0');
			emit(out, 'x');
			emit_number(out, (uintptr_t)va_arg(ap, void *), false, 16, false, &pointer);
			break;
		}
		case 's':
			emit_string(out, va_arg(ap, const char *), &spec);
			break;
		case 'c':
			emit(out, (char)va_arg(ap, int));
			break;
		case '%':
			emit(out, '%');
			break;
		default: /* not ours: show it as written */
			emit(out, '%');
			emit(out, conversion);
			break;
		}
	}
	va_end(ap);
}

int vkprintf(const char *fmt, va_list ap)
{
	struct sink out = { 0 };
	format(&out, fmt, ap);
	return (int)out.length;
}
/* No gate: a va_list cannot cross one (docs/isolation.md). */
GB_EXPORT(vkprintf);

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int length = vkprintf(fmt, ap);
	va_end(ap);
	return length;
}
GB_EXPORT_GATE(kprintf, 0, GB_GATE_ARGS(GB_ARG_FORMAT, 0, 0, 0, 0, 0) | GB_GATE_PROGRAMS);

int vksnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink out = { .buf = buf, .size = size };
	if (!buf || !size) {
		/* Count only: a sink with room for nothing. */
		static char nothing;
		out.buf = &nothing;
		out.size = 0;
	}
	format(&out, fmt, ap);
	if (size && buf)
		buf[out.length < size ? out.length : size - 1] = '\0';
	return (int)out.length;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int length = vksnprintf(buf, size, fmt, ap);
	va_end(ap);
	return length;
}
GB_EXPORT_GATE(ksnprintf, 0,
	       GB_GATE_ARGS(GB_ARG_OUT + 1, GB_ARG_INT, GB_ARG_FORMAT, 0, 0, 0));
