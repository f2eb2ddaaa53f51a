#include "cli/common/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int shown;

void progress_start(int forced, const char *target, uint64_t bytes)
{
	struct stat info;
	int device = stat(target, &info) == 0 && S_ISBLK(info.st_mode);

	if (!device && stat(target, &info) == 0 && S_ISREG(info.st_mode) &&
	    (uint64_t)info.st_size > bytes)
		bytes = (uint64_t)info.st_size;
	shown = forced || (isatty(STDERR_FILENO) && (device || bytes > PROGRESS_LARGE));
}

void progress_step(const char *format, ...)
{
	va_list args;

	if (!shown)
		return;
	fputs("ghostboot: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}
