/* A small printf: enough for addresses, sizes and names, nothing floating. */
#include "kernel/kprintf.h"

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/isolation.h>

#include "kernel/console.h"
#include "kernel/format_spec.h"

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

static void emit_string(struct sink *out, const char *s, const struct format_spec *spec)
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
			bool upper, const struct format_spec *spec)
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

static uint64_t take_unsigned(va_list *ap, enum format_size size)
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

static int64_t take_signed(va_list *ap, enum format_size size)
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
		struct format_spec spec;
		fmt = format_spec_parse(fmt + 1, &spec);
		if (spec.width_from_argument)
			spec.width = va_arg(ap, int);
		if (spec.precision_from_argument)
			spec.precision = va_arg(ap, int);
		char conversion = spec.conversion;
		if (!conversion)
			break;
		switch (conversion) {
		case 'd':
		case 'i': {
			int64_t v = take_signed(&ap, spec.size);
			uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
			emit_number(out, magnitude, v < 0, 10, false, &spec);
			break;
		}
		case 'u':
			emit_number(out, take_unsigned(&ap, spec.size), false, 10, false, &spec);
			break;
		case 'x':
		case 'X':
			emit_number(out, take_unsigned(&ap, spec.size), false, 16, conversion == 'X',
				    &spec);
			break;
		case 'p': {
			struct format_spec pointer = { .zero = true, .width = 16, .precision = -1 };
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
