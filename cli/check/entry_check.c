#include "cli/check/entry_check.h"

#include <stdio.h>

#include "cli/check/module_check.h"
#include "cli/check/protocols.h"
#include "cli/common/diag.h"

static const char *protocol_of(const struct config_entry *entry)
{
	return config_protocol_name(entry->protocol);
}

static int check_parts(const struct config *config, const struct config_entry *entry,
		       const struct check_files *files)
{
	const struct kernel_protocol *protocol = kernel_protocol_find(protocol_of(entry));
	struct module_files modules;
	struct file_bytes kernel;
	const char *why;
	int result = 0;

	if (!protocol)
		return error("no boot protocol called '%s'", protocol_of(entry));
	if (!entry->kernel.path)
		return error("it names no kernel");
	if (check_files_read(files, &entry->kernel, &kernel, &why) != 0)
		result = error("kernel %s: %s", entry->kernel.path, why);
	/* Every file is read, so that one run names every missing one. */
	if (module_check_read(&modules, config, entry, files, protocol->links_modules) != 0)
		result = -1;
	if (result == 0)
		result = protocol->check(&kernel, &modules);
	module_files_free(&modules);
	file_bytes_free(&kernel);
	return result;
}

int entry_check(const struct config *config, const struct config_entry *entry,
		const struct check_files *files)
{
	char subject[128];
	int result;

	snprintf(subject, sizeof(subject), "entry %s", entry->name);
	diag_subject(subject);
	result = check_parts(config, entry, files);
	diag_subject(0);
	return result;
}

int entry_check_some(const struct config *config)
{
	if (config->entry_count == 0)
		return error("the configuration has no entry: stage 2 would have nothing to boot");
	return 0;
}

unsigned entry_check_all(const struct config *config, const struct check_files *files)
{
	unsigned failed = 0, i;

	if (entry_check_some(config) != 0)
		return 1;
	for (i = 0; i < config->entry_count; i++)
		failed += entry_check(config, &config->entries[i], files) != 0;
	return failed;
}
