#include "mkimage/linux_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/common/diag.h"
#include "linux/bzimage.h"

static int check_one(const char *config_path, const struct config_entry *entry,
		     const char *source)
{
	uint8_t head[BZIMAGE_HEAD_SIZE];
	struct bzimage z;
	FILE *file = fopen(source, "rb");
	if (!file)
		return error("cannot read %s: %s", source, strerror(errno));
	size_t size = fread(head, 1, sizeof head, file);
	long file_size = fseek(file, 0, SEEK_END) == 0 ? ftell(file) : -1;
	fclose(file);
	if (file_size < 0)
		return error("cannot read %s", source);
	const char *why = bzimage_read(&z, head, size, (uint64_t)file_size);
	if (why)
		return error("%s: entry %s: kernel %s (%s): %s", config_path, entry->name,
			     entry->kernel.path, source, why);
	if (strlen(entry->cmdline) > z.cmdline_size)
		return error("%s: entry %s: kernel %s (%s): the command line is %zu bytes, more than "
			     "its cmdline_size of %u",
			     config_path, entry->name, entry->kernel.path, source,
			     strlen(entry->cmdline), z.cmdline_size);
	return 0;
}

int linux_check_kernels(const char *config_path, const struct config *config,
			const struct contents *contents)
{
	for (unsigned i = 0; i < config->entry_count; i++) {
		const struct config_entry *entry = &config->entries[i];
		const char *source;
		if (entry->protocol != CONFIG_PROTOCOL_LINUX || !entry->kernel.path ||
		    !(source = contents_source_of(contents, entry->kernel.path)))
			continue;
		if (check_one(config_path, entry, source) != 0)
			return -1;
	}
	return 0;
}
