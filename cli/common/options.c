#include "cli/common/options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <strings.h>

#include "cli/common/diag.h"

int parse_unsigned(const char *text, unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long parsed;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	parsed = strtoul(text, &end, 10);
	if (errno != 0 || *end != '\0' || parsed > max)
		return -1;
	*value = parsed;
	return 0;
}

int parse_number(const char *text, unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long parsed;

	if (text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
		return parse_unsigned(text, max, value);
	if (!isxdigit((unsigned char)text[2]))
		return -1;
	errno = 0;
	parsed = strtoul(text + 2, &end, 16);
	if (errno != 0 || *end != '\0' || parsed > max)
		return -1;
	*value = parsed;
	return 0;
}

int parse_size(const char *text, uint64_t *bytes)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = {
		{ "", 0 },    { "K", 10 },   { "KiB", 10 }, { "M", 20 }, { "MiB", 20 },
		{ "G", 30 },  { "GiB", 30 }, { "T", 40 },   { "TiB", 40 },
	};
	char *end;
	unsigned long long number;
	size_t i;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	number = strtoull(text, &end, 10);
	if (errno != 0 || number == 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix) != 0)
			continue;
		if (number > (UINT64_MAX >> units[i].shift))
			return -1;
		*bytes = (uint64_t)number << units[i].shift;
		return 0;
	}
	return -1;
}

int option_error(const char *command, int getopt_result, char *const argv[])
{
	const char *option = argv[optind - 1];

	if (getopt_result == ':')
		return usage_error(command, "option '%s' needs a value", option);
	if (optopt != 0 && option[0] == '-' && option[1] != '-')
		return usage_error(command, "unknown option '-%c'", optopt);
	return usage_error(command, "unknown option '%s'", option);
}
