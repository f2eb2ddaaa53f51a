#include "cli/common/file_bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/diag.h"

static int read_all(int fd, struct file_bytes *file)
{
	size_t done = 0;

	while (done < file->size) {
		ssize_t got = read(fd, file->bytes + done, file->size - done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return error("cannot read %s: %s", file->path, strerror(errno));
		if (got == 0)
			return error("%s changed size while being read", file->path);
		done += (size_t)got;
	}
	return 0;
}

int file_bytes_read(const char *path, struct file_bytes *file)
{
	struct stat status;
	int fd, result;

	*file = (struct file_bytes){ .path = path };
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error("cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
		close(fd);
		return error("%s is not a regular file", path);
	}
	if (status.st_size > FILE_BYTES_MAX) {
		close(fd);
		return error("%s is larger than 1 GiB", path);
	}
	file->size = (size_t)status.st_size;
	/* One spare byte, so that an empty file is still an allocation. */
	file->bytes = malloc(file->size + 1);
	if (!file->bytes) {
		close(fd);
		return error("out of memory for %s", path);
	}
	result = read_all(fd, file);
	close(fd);
	if (result != 0)
		file_bytes_free(file);
	return result;
}

void file_bytes_free(struct file_bytes *file)
{
	free(file->bytes);
	file->bytes = 0;
	file->size = 0;
}
