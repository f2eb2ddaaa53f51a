#include "cli/common/diag.h"

#include <stdarg.h>
#include <stdio.h>

static char subject[256];

void diag_subject(const char *text)
{
	snprintf(subject, sizeof(subject), "%s", text ? text : "");
}

static void vreport(const char *kind, const char *format, va_list args)
{
	fprintf(stderr, "ghostboot: %s: ", kind);
	if (subject[0])
		fprintf(stderr, "%s: ", subject);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

int error(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vreport("error", format, args);
	va_end(args);
	return -1;
}

void warning(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vreport("warning", format, args);
	va_end(args);
}

int usage_error(const char *command, const char *format, ...)
{
	va_list args;

	fputs("ghostboot: error: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, " (see 'ghostboot %s --help')\n", command);
	return EXIT_USAGE;
}
