#include "cli/check/module_check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"

/* Stage 2's limits (stage2/modules.h): list files, modules an entry loads. */
#define MODULE_LIST_MAX (64u * 1024)
#define MODULES_MAX 256

/* How stage 2 links the module (stage2/modules.c): a program as one, a
 * module isolated as the entry's `isolation` and its line say. */
static enum ghost_link_mode link_mode(const struct config_entry *entry,
				      const struct config_file *ref)
{
	if (ref->is_program)
		return GHOST_LINK_PROGRAM;
	return config_module_isolated(entry, ref) ? GHOST_LINK_ISOLATED : GHOST_LINK_DIRECT;
}

/* Reads one module into the set; an optional one that fails is a warning.
 * Returns 0, or -1 after an error. */
static int read_module(struct module_files *modules, const struct config_entry *entry,
		       const struct config_file *ref, const struct check_files *files)
{
	struct file_bytes file;
	const char *why;

	if (check_files_read(files, ref, &file, &why) == 0) {
		if (file.size >= 4 && memcmp(file.bytes, "\177ELF", 4) == 0) {
			if (module_files_take(modules, &file, ref->path, ref->optional) != 0)
				return -1;
			/* A list's paths go with its text: the copy of the name stays. */
			modules->files[modules->count - 1].path =
				modules->modules[modules->count - 1].name;
			modules->modules[modules->count - 1].mode = link_mode(entry, ref);
			return 0;
		}
		/* Stage 2's words (stage2/modules.c): what is not ELF is a raw file. */
		file_bytes_free(&file);
		why = "not an ELF module; pass a raw file with `file PATH`";
	}
	if (!ref->optional)
		return error("module %s: %s", ref->path, why);
	warning("optional module %s skipped: %s", ref->path, why);
	return 0;
}

/* The modules a list file names; their paths point into `text`, which the
 * caller frees once they are read. */
static int read_list(struct module_files *modules, const struct config_entry *entry,
		     const struct config_file *list, const struct check_files *files, char **text)
{
	static struct config_file listed[CONFIG_MAX_MODULES];
	struct config_error parse_error;
	struct file_bytes file;
	unsigned count = 0, i;
	const char *why;
	int result = 0;

	if (check_files_read(files, list, &file, &why) != 0)
		return error("module list %s: %s", list->path, why);
	if (file.size > MODULE_LIST_MAX) {
		file_bytes_free(&file);
		return error("module list %s: larger than %u bytes", list->path, MODULE_LIST_MAX);
	}
	*text = (char *)file.bytes; /* file_bytes keeps a spare byte */
	(*text)[file.size] = '\0';
	if (config_parse_module_list(*text, file.size, listed, CONFIG_MAX_MODULES, &count,
				     &parse_error) != 0)
		return error("module list %s, line %u: %s", list->path, parse_error.line,
			     parse_error.message);
	for (i = 0; i < count; i++)
		result |= read_module(modules, entry, &listed[i], files);
	return result;
}

/* A raw file (`file`, or any module of a protocol that links none): its
 * presence and its pin are all there is to check. */
static int read_raw(const struct config_file *ref, const char *kind,
		    const struct check_files *files)
{
	struct file_bytes file;
	const char *why;

	if (check_files_read(files, ref, &file, &why) == 0) {
		file_bytes_free(&file);
		return 0;
	}
	if (!ref->optional)
		return error("%s %s: %s", kind, ref->path, why);
	warning("optional %s %s skipped: %s", kind, ref->path, why);
	return 0;
}

int module_check_initrds(const struct config *config, const struct config_entry *entry,
			 const struct check_files *files)
{
	unsigned i;
	int result = 0;

	for (i = 0; i < entry->initrd_count; i++)
		result |= read_raw(&config->initrds[entry->first_initrd + i], "initrd", files);
	return result;
}

int module_check_read(struct module_files *modules, const struct config *config,
		      const struct config_entry *entry, const struct check_files *files,
		      int links_modules)
{
	unsigned i;
	int result = 0;

	if (module_files_init(modules, MODULES_MAX + CONFIG_MAX_MODULES) != 0)
		return -1;
	/* Programs after every module, as stage 2 links them. */
	for (i = 0; i < 2 * entry->module_count; i++) {
		const struct config_file *ref =
			&config->modules[entry->first_module + i % entry->module_count];
		char *text = 0;

		if (ref->is_program != (i >= entry->module_count))
			continue;
		if (!links_modules && (ref->is_raw || ref->is_list))
			/* Stage 2's words (stage2/protocols/multiboot_load.c). */
			result |= error("%s %s: %s lines are for protocol ghostboot; a Multiboot "
					"module is a `module` line",
					ref->is_raw ? "file" : "modules", ref->path,
					ref->is_raw ? "file" : "modules");
		else if (ref->is_raw || !links_modules)
			result |= read_raw(ref, ref->is_raw ? "file" : "module", files);
		else if (ref->is_list)
			result |= read_list(modules, entry, ref, files, &text);
		else
			result |= read_module(modules, entry, ref, files);
		free(text);
	}
	return result;
}
