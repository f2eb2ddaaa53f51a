#include "mkimage/staging.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"

#define COPY_CHUNK 65536

/* Makes each directory of `path` (absolute inside the tree at `root`) that
 * is missing. `path` is modified and restored. */
static int make_parents(const char *root, char *path)
{
	char *slash;
	char *full;
	int result = 0;

	full = malloc(strlen(root) + strlen(path) + 1);
	if (!full)
		return error("out of memory");
	for (slash = strchr(path + 1, '/'); slash && result == 0; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		sprintf(full, "%s%s", root, path);
		if (mkdir(full, 0755) != 0 && errno != EEXIST)
			result = error("cannot create %s: %s", full, strerror(errno));
		*slash = '/';
	}
	free(full);
	return result;
}

static int copy_file(const char *source, const char *destination)
{
	char buffer[COPY_CHUNK];
	int in = open(source, O_RDONLY | O_CLOEXEC);
	int out = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t got = 0;
	int result = 0;

	if (in < 0 || out < 0) {
		result = error("cannot copy %s to %s: %s", source, destination, strerror(errno));
	} else {
		while ((got = read(in, buffer, sizeof(buffer))) > 0)
			if (write(out, buffer, (size_t)got) != got)
				break;
		if (got != 0)
			result = error("cannot copy %s to %s: %s", source, destination,
				       strerror(errno));
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && result == 0)
		result = error("cannot write %s: %s", destination, strerror(errno));
	return result;
}

static int add_file(const char *root, const struct content_file *file)
{
	char *destination = strdup(file->destination);
	char *full = malloc(strlen(root) + strlen(file->destination) + 1);
	int result = -1;

	if (!destination || !full) {
		error("out of memory");
	} else if (make_parents(root, destination) == 0) {
		sprintf(full, "%s%s", root, file->destination);
		result = copy_file(file->source, full);
	}
	free(destination);
	free(full);
	return result;
}

char *staging_create(const struct contents *contents)
{
	char *root = malloc(PATH_MAX);
	unsigned i;

	if (!root) {
		error("out of memory");
		return 0;
	}
	cleanup_hold_signals();
	/* The tree's root becomes the volume's root directory: 0755. */
	if (cleanup_temporary_directory("staging", root, PATH_MAX) != 0) {
		free(root);
		cleanup_release_signals();
		return 0;
	}
	if (chmod(root, 0755) != 0) {
		error("cannot make %s readable: %s", root, strerror(errno));
		staging_remove(root);
		return 0;
	}
	for (i = 0; i < contents->count; i++) {
		if (add_file(root, &contents->files[i]) != 0) {
			staging_remove(root);
			return 0;
		}
	}
	return root;
}

void staging_remove(char *path)
{
	cleanup_remove_tree(path);
	free(path);
	cleanup_release_signals();
}
