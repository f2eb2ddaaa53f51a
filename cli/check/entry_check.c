#include "cli/check/entry_check.h"

#include <stdio.h>

#include "cli/check/module_check.h"
#include "cli/check/protocols.h"
#include "cli/common/diag.h"

static const char *protocol_of(const struct config_entry *entry)
{
	return config_protocol_name(entry->protocol);
}

/* What the entry boots: its kernel, or for chainload a boot sector file
 * (0 for a partition or a disk, read only at boot). */
static const struct config_file *boot_file_of(const struct config_entry *entry)
{
	if (entry->protocol != CONFIG_PROTOCOL_CHAINLOAD)
		return &entry->kernel;
	return entry->chainload.kind == CONFIG_CHAINLOAD_FILE ? &entry->chainload.file : 0;
}

static int check_parts(const struct config *config, const struct config_entry *entry,
		       const struct check_files *files)
{
	const struct kernel_protocol *protocol = kernel_protocol_find(protocol_of(entry));
	const struct config_file *boot_file = boot_file_of(entry);
	struct file_bytes kernel = { 0 };
	struct module_files modules;
	const char *why;
	int result = 0;

	if (!protocol)
		return error("no boot protocol called '%s'", protocol_of(entry));
	if (boot_file && !boot_file->path)
		return error("it names no kernel");
	if (boot_file && check_files_read(files, boot_file, &kernel, &why) != 0)
		result = error("%s %s: %s", boot_file == &entry->kernel ? "kernel" : "chainload",
			       boot_file->path, why);
	/* Every file is read, so that one run names every missing one. */
	if (module_check_read(&modules, config, entry, files, protocol->links_modules) != 0 ||
	    module_check_initrds(config, entry, files) != 0)
		result = -1;
	if (result == 0)
		result = protocol->check(entry, boot_file ? &kernel : 0, &modules);
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
