#include "mkimage/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"

/* Sparse: only what the tools write takes room. */
char *output_create_temporary(const char *output, uint64_t size)
{
	char *path;
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	fd = cleanup_create_beside(output, &path);
	if (fd < 0)
		return 0;
	if (fchmod(fd, 0666 & ~mask) != 0 || ftruncate(fd, (off_t)size) != 0) {
		error("cannot make %s %llu bytes long: %s", path, (unsigned long long)size,
		      strerror(errno));
		unlink(path);
		cleanup_forget_file(path);
		free(path);
		path = 0;
	}
	close(fd);
	return path;
}

/* Makes the finished image durable, then puts it in place in one step. */
int output_commit(const char *temporary, const char *output)
{
	int fd = open(temporary, O_RDONLY | O_CLOEXEC);
	char *copy = strdup(output);
	int result = 0;

	if (fd < 0 || fsync(fd) != 0)
		result = error("cannot flush %s: %s", temporary, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (result == 0 && rename(temporary, output) != 0)
		result = error("cannot rename %s to %s: %s", temporary, output, strerror(errno));
	if (result == 0) {
		cleanup_forget_file(temporary);
		/* The rename itself is durable once the directory is synced. */
		fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(copy);
	return result;
}

/* An image file may be replaced; anything else at the path may not. */
int output_check(const char *output)
{
	struct stat info;

	if (stat(output, &info) == 0 && !S_ISREG(info.st_mode))
		return error("%s exists and is not a regular file: mkimage writes image files "
			     "(ghostboot install makes a device bootable)",
			     output);
	return 0;
}
