/* Filling a struct ghost_error (ghost/error.h) where a problem is found. */
#ifndef GHOSTBOOT_GHOST_REPORT_H
#define GHOSTBOOT_GHOST_REPORT_H

#include "ghost/error.h"

/* No error yet: status GHOST_OK, empty text. */
void ghost_clear_error(struct ghost_error *error);
/* Starts the report "<module>: <message>"; always returns false, so that a
 * check can end with `return ghost_fail(...)`. */
bool ghost_fail(struct ghost_error *error, enum ghost_status status, uint32_t module_index,
		const char *module, const char *message);
/* Names the symbol (or section, or relocation type) concerned and appends
 * " <symbol>" to the text. */
void ghost_fail_symbol(struct ghost_error *error, const char *symbol);
/* Append " <number>", in decimal or hexadecimal, to the text. */
void ghost_fail_number(struct ghost_error *error, uint32_t number);
void ghost_fail_hex(struct ghost_error *error, uint64_t number);
/* Append to the text, cut short at GHOST_ERROR_TEXT_MAX - 1 characters. */
void ghost_append(struct ghost_error *error, const char *text);
void ghost_append_number(struct ghost_error *error, uint32_t number);
void ghost_append_hex(struct ghost_error *error, uint64_t number);

/* The text after the "<module>: " that starts it: what is wrong, for a
 * caller that names the file its own way ("kernel /boot/kernel.elf: ..."). */
const char *ghost_error_detail(const struct ghost_error *error);

#endif
