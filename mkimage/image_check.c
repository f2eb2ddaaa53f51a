#include "mkimage/image_check.h"

#include <string.h>
#include <strings.h>

#include "cli/check/entry_check.h"
#include "cli/check/host_config.h"
#include "cli/common/diag.h"

struct planned_files {
	const struct contents *contents;
	int ignore_case;
};

/* A file of the volume to be: the host file that goes to `path`. */
static int read_planned(void *context, const char *path, struct file_bytes *file,
			const char **why)
{
	const struct planned_files *planned = context;
	unsigned i;

	file->bytes = 0;
	for (i = 0; i < planned->contents->count; i++) {
		const struct content_file *c = &planned->contents->files[i];
		int same = planned->ignore_case ? strcasecmp(c->destination, path) == 0
						: strcmp(c->destination, path) == 0;
		if (!same)
			continue;
		if (file_bytes_read(c->source, file) != 0) {
			*why = "its host file cannot be read";
			return -1;
		}
		file->path = path;
		return 0;
	}
	*why = "not among the files put on the image";
	return -1;
}

static const char *config_source(const struct contents *contents)
{
	unsigned i;

	for (i = 0; i < contents->count; i++)
		if (contents->files[i].role == CONTENT_CONFIG)
			return contents->files[i].source;
	return 0;
}

int image_check(const struct contents *contents, enum format_fs fs, int no_check)
{
	struct planned_files planned = { contents, format_is_fat(fs) };
	struct check_files files = { read_planned, &planned };
	struct host_config host;
	unsigned failed = 0;

	if (host_config_read(config_source(contents), &host) != 0)
		return -1;
	if (no_check)
		warning("--no-check: the kernel, the modules and the files the configuration "
			"names are not checked; the image may not boot");
	else
		failed = entry_check_all(host.config, &files);
	host_config_free(&host);
	if (failed)
		return error("%u of the configuration's entries would not boot: no image written "
			     "(--no-check writes it all the same)",
			     failed);
	return 0;
}
