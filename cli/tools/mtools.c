#include "cli/tools/mtools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/tools/tool.h"

int fat_target_open(struct fat_target *target, const char *image, uint64_t offset)
{
	size_t size = strlen(image) + 32;

	target->directories = 0;
	target->directory_count = 0;
	target->image_spec = malloc(size);
	if (!target->image_spec)
		return error("out of memory");
	snprintf(target->image_spec, size, "%s@@%llu", image, (unsigned long long)offset);
	/* Skip mtools' geometry check, which a volume inside a partition or a
	 * disk image may fail without being wrong, and keep a user's
	 * ~/.mtoolsrc from changing what the tools do. */
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	setenv("MTOOLSRC", "/dev/null", 1);
	return 0;
}

void fat_target_close(struct fat_target *target)
{
	unsigned i;

	for (i = 0; i < target->directory_count; i++)
		free(target->directories[i]);
	free(target->directories);
	free(target->image_spec);
	target->image_spec = 0;
}

/* "::" + path: mtools' name for a file on the volume given with -i. */
static char *volume_path(const char *path, size_t length)
{
	char *name = malloc(length + 3);

	if (name)
		snprintf(name, length + 3, "::%.*s", (int)length, path);
	return name;
}

static int directory_made(const struct fat_target *target, const char *name)
{
	unsigned i;

	for (i = 0; i < target->directory_count; i++)
		if (strcmp(target->directories[i], name) == 0)
			return 1;
	return 0;
}

/* Makes the directory `path[0..length)` with mmd (`run_mmd`), or only
 * records that it exists, unless this target knows it already. */
static int make_directory(struct fat_target *target, const char *path, size_t length, int run_mmd)
{
	char *name = volume_path(path, length);
	char **grown;
	char *argv[] = { "mmd", "-i", target->image_spec, name, 0 };

	if (!name)
		return error("out of memory");
	if (directory_made(target, name)) {
		free(name);
		return 0;
	}
	grown = realloc(target->directories,
			(target->directory_count + 1) * sizeof(target->directories[0]));
	if (!grown) {
		free(name);
		return error("out of memory");
	}
	target->directories = grown;
	if (run_mmd && tool_run(argv, 0) != 0) {
		free(name);
		return -1;
	}
	target->directories[target->directory_count++] = name;
	return 0;
}

int fat_target_have_directory(struct fat_target *target, const char *path)
{
	return make_directory(target, path, strlen(path), 0);
}

int fat_target_remove(struct fat_target *target, const char *path, int directory)
{
	char *name = volume_path(path, strlen(path));
	char *argv[] = { directory ? "mrd" : "mdel", "-i", target->image_spec, name, 0 };
	int result;

	if (!name)
		return error("out of memory");
	result = tool_run(argv, 0);
	free(name);
	return result;
}

int fat_target_copy(struct fat_target *target, const char *source, const char *destination)
{
	char *name = volume_path(destination, strlen(destination));
	/* A source named "-x" would read as an option: "./-x" cannot. */
	char *safe_source = malloc(strlen(source) + 3);
	/* -o: replace an existing file without asking. */
	char *argv[] = { "mcopy", "-o", "-i", target->image_spec, safe_source, name, 0 };
	const char *slash;
	int result = 0;

	if (!name || !safe_source) {
		result = error("out of memory");
		goto done;
	}
	sprintf(safe_source, "%s%s", source[0] == '-' ? "./" : "", source);
	/* Each directory on the way, parents first. */
	for (slash = strchr(destination + 1, '/'); slash && result == 0; slash = strchr(slash + 1, '/'))
		result = make_directory(target, destination, (size_t)(slash - destination), 1);
	if (result == 0)
		result = tool_run(argv, 0);
done:
	free(name);
	free(safe_source);
	return result;
}
