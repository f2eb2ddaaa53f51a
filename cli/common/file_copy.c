/* SEEK_DATA and SEEK_HOLE are GNU (and BSD) extensions. */
#define _GNU_SOURCE
#include "cli/common/file_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/diag.h"

#define CHUNK (1u << 20)

/* Copies bytes [start, end) of `in` to the same offsets of `out`. */
static int copy_range(int in, int out, off_t start, off_t end, char *buffer)
{
	while (start < end) {
		size_t want = end - start < (off_t)CHUNK ? (size_t)(end - start) : CHUNK;
		ssize_t got = pread(in, buffer, want, start);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		if (pwrite(out, buffer, (size_t)got, start) != got)
			return -1;
		start += got;
	}
	return 0;
}

int file_copy_sparse(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = -1, result = -1;
	struct stat info;
	char *buffer = malloc(CHUNK);
	off_t data, hole;

	if (in < 0 || !buffer || fstat(in, &info) != 0)
		goto done;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	/* The size first: what is never written stays a hole. */
	if (out < 0 || ftruncate(out, info.st_size) != 0)
		goto done;
	errno = 0; /* a short read sets none */
	for (data = 0; data < info.st_size; data = hole) {
		data = lseek(in, data, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break; /* only a hole is left */
		hole = data < 0 ? -1 : lseek(in, data, SEEK_HOLE);
		if (hole < 0 || copy_range(in, out, data, hole, buffer) != 0)
			goto done;
	}
	result = 0;
done:
	if (result != 0)
		error("cannot copy %s to %s: %s", from, to, errno ? strerror(errno) : "short read");
	if (out >= 0)
		close(out);
	if (in >= 0)
		close(in);
	free(buffer);
	return result;
}
