#include "mkimage/contents.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/diag.h"

void contents_init(struct contents *contents)
{
	contents->files = 0;
	contents->count = 0;
	contents->capacity = 0;
}

void contents_free(struct contents *contents)
{
	unsigned i;

	for (i = 0; i < contents->count; i++)
		free(contents->files[i].destination);
	free(contents->files);
	contents_init(contents);
}

/* Absolute, with no empty, "." or ".." component and no trailing slash. */
static int is_clean_path(const char *path)
{
	const char *component = path;

	if (path[0] != '/')
		return 0;
	while (*component == '/') {
		size_t length = strcspn(component + 1, "/");

		if (length == 0 || (length == 1 && component[1] == '.') ||
		    (length == 2 && component[1] == '.' && component[2] == '.'))
			return 0;
		component += 1 + length;
	}
	return 1;
}

/* Whether `directory` is a leading directory of `path`, ignoring case. */
static int is_directory_of(const char *directory, const char *path)
{
	size_t length = strlen(directory);

	return strncasecmp(directory, path, length) == 0 && path[length] == '/';
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static char *default_destination(enum content_role role, const char *source)
{
	const char *name = basename_of(source);
	char *path;

	switch (role) {
	case CONTENT_KERNEL:
		return strdup(CONTENT_KERNEL_PATH);
	case CONTENT_LINUX:
		return strdup(CONTENT_LINUX_PATH);
	case CONTENT_CONFIG:
		return strdup(CONTENT_CONFIG_PATH);
	case CONTENT_MODULE:
	case CONTENT_INITRD: {
		const char *directory =
			role == CONTENT_MODULE ? CONTENT_MODULE_DIRECTORY : CONTENT_INITRD_DIRECTORY;
		path = malloc(strlen(directory) + strlen(name) + 1);
		if (path) {
			strcpy(path, directory);
			strcat(path, name);
		}
		return path;
	}
	case CONTENT_EXTRA:
		break;
	}
	return 0;
}

int contents_add(struct contents *contents, enum content_role role, const char *source,
		 const char *destination)
{
	struct content_file *file;
	char *path = destination ? strdup(destination) : default_destination(role, source);
	unsigned i;

	if (!path)
		return error("out of memory");
	if (!is_clean_path(path)) {
		error("'%s' is not a usable file path on the image: it must be absolute, "
		      "without empty, '.' or '..' parts",
		      path);
		free(path);
		return -1;
	}
	/* FAT names ignore case: two paths differing in case are one file. */
	for (i = 0; i < contents->count; i++) {
		const char *other = contents->files[i].destination;

		if (strcasecmp(other, path) == 0) {
			error("both %s and %s would be written to %s", contents->files[i].source,
			      source, path);
			free(path);
			return -1;
		}
		if (is_directory_of(other, path) || is_directory_of(path, other)) {
			error("%s and %s cannot both be on the image: one is a directory of the other",
			      other, path);
			free(path);
			return -1;
		}
	}
	if (contents->count == contents->capacity) {
		unsigned capacity = contents->capacity ? 2 * contents->capacity : 8;
		struct content_file *grown = realloc(contents->files, capacity * sizeof(*grown));

		if (!grown) {
			free(path);
			return error("out of memory");
		}
		contents->files = grown;
		contents->capacity = capacity;
	}
	file = &contents->files[contents->count++];
	file->role = role;
	file->source = source;
	file->destination = path;
	return 0;
}

int contents_check_sources(const struct contents *contents)
{
	struct stat info;
	unsigned i;
	int fd;

	for (i = 0; i < contents->count; i++) {
		const char *source = contents->files[i].source;

		fd = open(source, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return error("cannot read %s: %s", source, strerror(errno));
		if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
			close(fd);
			return error("%s is not a regular file", source);
		}
		close(fd);
	}
	return 0;
}

int contents_hash_file(const char *path, uint8_t digest[SHA256_SIZE])
{
	FILE *file = fopen(path, "rb");
	struct sha256 hash;
	uint8_t chunk[65536];
	size_t got;
	int failed;

	if (!file)
		return error("cannot read %s: %s", path, strerror(errno));
	sha256_init(&hash);
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		sha256_update(&hash, chunk, got);
	failed = ferror(file);
	fclose(file);
	if (failed)
		return error("cannot read %s", path);
	sha256_final(&hash, digest);
	return 0;
}

/* A FAT long name counts UTF-16 code units: one a character, two for one
 * beyond the BMP (a 4-byte UTF-8 sequence). */
static size_t utf16_units(const char *name, size_t length)
{
	size_t units = 0, i;

	for (i = 0; i < length; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c & 0xc0) != 0x80)
			units += c >= 0xf0 ? 2 : 1;
	}
	return units;
}

int contents_check_names(const struct contents *contents, int fat, const char *fs_name)
{
	unsigned i;

	for (i = 0; i < contents->count; i++) {
		const char *path = contents->files[i].destination;
		const char *name = path + 1;

		while (*name) {
			size_t length = strcspn(name, "/");
			size_t size = fat ? utf16_units(name, length) : length;

			if (size > CONTENTS_NAME_MAX)
				return error("cannot put %s at %s: the name '%.16s...' in it is %zu %s "
					     "long; %s takes at most %u",
					     contents->files[i].source, path, name, size,
					     fat ? "characters" : "bytes", fs_name, CONTENTS_NAME_MAX);
			name += length + (name[length] == '/');
		}
	}
	return 0;
}
