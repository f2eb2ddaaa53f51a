#include "kernel/format_spec.h"

const char *format_spec_parse(const char *fmt, struct format_spec *spec)
{
	*spec = (struct format_spec){ .precision = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero = true;
		else if (*fmt == '#')
			spec->alternate = true;
		else
			break;
	}
	if (*fmt == '*') {
		spec->width_from_argument = true;
		fmt++;
	} else {
		while (*fmt >= '0' && *fmt <= '9' && spec->width < 1000)
			spec->width = spec->width * 10 + (*fmt++ - '0');
	}
	if (*fmt == '.') {
		fmt++;
		spec->precision = 0;
		if (*fmt == '*') {
			spec->precision_from_argument = true;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9' && spec->precision < 1000)
				spec->precision = spec->precision * 10 + (*fmt++ - '0');
		}
	}
	if (*fmt == 'h') {
		spec->size = fmt[1] == 'h' ? SIZE_CHAR : SIZE_SHORT;
		fmt += spec->size == SIZE_CHAR ? 2 : 1;
	} else if (*fmt == 'l') {
		spec->size = fmt[1] == 'l' ? SIZE_LONG_LONG : SIZE_LONG;
		fmt += spec->size == SIZE_LONG_LONG ? 2 : 1;
	} else if (*fmt == 'z') {
		spec->size = SIZE_SIZE_T;
		fmt++;
	}
	spec->conversion = *fmt;
	return *fmt ? fmt + 1 : fmt;
}

bool format_spec_takes_argument(char conversion)
{
	switch (conversion) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'p':
	case 's':
	case 'c':
		return true;
	default:
		return false;
	}
}
