/* Command-line values shared by the subcommands. */
#ifndef GHOSTBOOT_CLI_COMMON_OPTIONS_H
#define GHOSTBOOT_CLI_COMMON_OPTIONS_H

#include <stdint.h>

/* "64M", "512K", "2G", "1T" (binary multiples) or plain bytes. Returns 0,
 * or -1 on anything else, on zero and on overflow. */
int parse_size(const char *text, uint64_t *bytes);

/* A decimal number in 0..max. Returns 0, or -1. */
int parse_unsigned(const char *text, unsigned long max, unsigned long *value);

/* The same, decimal or hexadecimal with 0x ("0xf4"). */
int parse_number(const char *text, unsigned long max, unsigned long *value);

/* Turns getopt_long's ':' (missing value) or '?' (unknown option) into a
 * usage error naming the option. Returns EXIT_USAGE. */
int option_error(const char *command, int getopt_result, char *const argv[]);

#endif
