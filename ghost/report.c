/* Builds the one-line text of a struct ghost_error without libc: strings,
 * decimal 32-bit numbers and hexadecimal 64-bit ones (no 64-bit division,
 * which 32-bit stage 2 would need a helper for). */
#include "ghost/report.h"

#include <stddef.h>

static size_t text_length(const struct ghost_error *error)
{
	size_t n = 0;
	while (n < GHOST_ERROR_TEXT_MAX - 1 && error->text[n] != '\0')
		n++;
	return n;
}

void ghost_append(struct ghost_error *error, const char *text)
{
	size_t n = text_length(error);
	while (n < GHOST_ERROR_TEXT_MAX - 1 && *text != '\0')
		error->text[n++] = *text++;
	error->text[n] = '\0';
}

void ghost_append_number(struct ghost_error *error, uint32_t number)
{
	char digits[11];
	size_t i = sizeof digits - 1;
	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + number % 10);
		number /= 10;
	} while (number != 0);
	ghost_append(error, digits + i);
}

void ghost_append_hex(struct ghost_error *error, uint64_t number)
{
	char digits[19];
	size_t i = sizeof digits - 1;
	digits[i] = '\0';
	do {
		digits[--i] = "0123456789abcdef"[number & 0xf];
		number >>= 4;
	} while (number != 0);
	digits[--i] = 'x';
	digits[--i] = '0';
	ghost_append(error, digits + i);
}

bool ghost_fail(struct ghost_error *error, enum ghost_status status, uint32_t module_index,
		const char *module, const char *message)
{
	error->status = status;
	error->module_index = module_index;
	error->module = module;
	error->message = message;
	error->symbol = NULL;
	error->text[0] = '\0';
	ghost_append(error, module);
	ghost_append(error, ": ");
	ghost_append(error, message);
	return false;
}

void ghost_fail_number(struct ghost_error *error, uint32_t number)
{
	ghost_append(error, " ");
	ghost_append_number(error, number);
}

void ghost_fail_hex(struct ghost_error *error, uint64_t number)
{
	ghost_append(error, " ");
	ghost_append_hex(error, number);
}

void ghost_fail_symbol(struct ghost_error *error, const char *symbol)
{
	error->symbol = symbol;
	ghost_append(error, " ");
	ghost_append(error, symbol);
}

const char *ghost_error_detail(const struct ghost_error *error)
{
	const char *text = error->text, *module = error->module;
	if (module == NULL)
		return text;
	while (*module != '\0' && *text == *module) {
		text++;
		module++;
	}
	return *module == '\0' && text[0] == ':' && text[1] == ' ' ? text + 2 : error->text;
}

void ghost_clear_error(struct ghost_error *error)
{
	error->status = GHOST_OK;
	error->module_index = GHOST_NO_MODULE;
	error->module = NULL;
	error->message = NULL;
	error->symbol = NULL;
	error->text[0] = '\0';
}
