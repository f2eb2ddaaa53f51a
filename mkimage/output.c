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

/* The temporary image beside the output ("DIR/.NAME.PID.XXXXXX"), so that
 * the final rename stays within one filesystem. Returns its path, or 0. */
char *output_create_temporary(const char *output, uint64_t size)
{
	char *copy_dir = strdup(output), *copy_base = strdup(output);
	const char *directory, *name;
	char *path = 0;
	mode_t mask;
	int fd = -1;

	if (!copy_dir || !copy_base) {
		error("out of memory");
		goto done;
	}
	/* "NAME" alone has the directory ".", longer than nothing. */
	directory = dirname(copy_dir);
	name = basename(copy_base);
	path = malloc(strlen(directory) + strlen(name) + sizeof("/...XXXXXX") + 24);
	if (!path) {
		error("out of memory");
		goto done;
	}
	/* ".NAME.PID.XXXXXX": what a killed run left, the next one removes. */
	sprintf(path, ".%s", name);
	cleanup_sweep(directory, path);
	sprintf(path, "%s/.%s.%ld.XXXXXX", directory, name, (long)getpid());
	fd = mkstemp(path);
	if (fd < 0) {
		error("cannot create a file beside %s: %s", output, strerror(errno));
		free(path);
		path = 0;
		goto done;
	}
	if (cleanup_add_file(path) != 0)
		error("too many temporary files");
	mask = umask(0);
	umask(mask);
	/* Sparse: only what the tools write takes room. */
	if (fchmod(fd, 0666 & ~mask) != 0 || ftruncate(fd, (off_t)size) != 0) {
		error("cannot make %s %llu bytes long: %s", path, (unsigned long long)size,
		      strerror(errno));
		unlink(path);
		cleanup_forget_file(path);
		free(path);
		path = 0;
	}
done:
	if (fd >= 0)
		close(fd);
	free(copy_dir);
	free(copy_base);
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
