#include "mkimage/multiboot_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/common/diag.h"
#include "multiboot/header.h"

static const char *source_of(const struct contents *contents, const char *path)
{
	for (unsigned i = 0; i < contents->count; i++)
		if (strcasecmp(contents->files[i].destination, path) == 0)
			return contents->files[i].source;
	return 0;
}

static int check_one(const char *config_path, const struct config_entry *entry,
		     const char *source)
{
	static uint8_t head[MB2_SEARCH_SIZE];
	FILE *file = fopen(source, "rb");
	if (!file)
		return error("cannot read %s: %s", source, strerror(errno));
	size_t size = fread(head, 1, sizeof head, file);
	long file_size = fseek(file, 0, SEEK_END) == 0 ? ftell(file) : -1;
	fclose(file);
	if (file_size < 0)
		return error("cannot read %s", source);

	const char *why, *protocol = config_protocol_name(entry->protocol);
	uint32_t number;
	struct mb1_header mb1;
	struct mb2_header mb2;
	int found = entry->protocol == CONFIG_PROTOCOL_MULTIBOOT1
			    ? mb1_header_find(head, size, (uint64_t)file_size, &mb1, &why, &number)
			    : mb2_header_find(head, size, (uint64_t)file_size, &mb2, &why, &number);
	if (found == 0)
		return error("%s: entry %s: kernel %s (%s) has no %s header", config_path,
			     entry->name, entry->kernel.path, source, protocol);
	if (found < 0 && number != MB_NO_NUMBER)
		return error("%s: entry %s: kernel %s (%s): %s header: %s %u", config_path,
			     entry->name, entry->kernel.path, source, protocol, why, number);
	if (found < 0)
		return error("%s: entry %s: kernel %s (%s): %s header: %s", config_path, entry->name,
			     entry->kernel.path, source, protocol, why);
	return 0;
}

int multiboot_check_kernels(const char *config_path, const struct config *config,
			    const struct contents *contents)
{
	for (unsigned i = 0; i < config->entry_count; i++) {
		const struct config_entry *entry = &config->entries[i];
		const char *source;
		if ((entry->protocol != CONFIG_PROTOCOL_MULTIBOOT1 &&
		     entry->protocol != CONFIG_PROTOCOL_MULTIBOOT2) ||
		    !entry->kernel.path || !(source = source_of(contents, entry->kernel.path)))
			continue;
		if (check_one(config_path, entry, source) != 0)
			return -1;
	}
	return 0;
}
