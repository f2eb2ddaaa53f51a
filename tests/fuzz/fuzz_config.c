/* libFuzzer target: the configuration parser (config/config.c), on the
 * input as a configuration and as a module list, each in a buffer of
 * exactly its size. What a parse hands back must point into the text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A string the parser returned: inside the text, NUL-terminated there. */
static void check_string(const char *text, size_t size, const char *s)
{
	if (!s)
		return;
	if (s < text || s >= text + size + 1 || strnlen(s, (size_t)(text + size + 1 - s)) ==
							  (size_t)(text + size + 1 - s))
		abort();
}

static void check_file(const char *text, size_t size, const struct config_file *file)
{
	check_string(text, size, file->path);
}

static void parse_config(const uint8_t *data, size_t size)
{
	static struct config config;
	struct config_error error;
	char *text = malloc(size + 1); /* stage 2 keeps a byte after the text too */

	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse(text, size, &config, &error) == 0) {
		if (config.entry_count > CONFIG_MAX_ENTRIES || config.module_count > CONFIG_MAX_MODULES)
			abort();
		check_string(text, size, config.default_entry);
		for (unsigned i = 0; i < config.entry_count; i++) {
			const struct config_entry *entry = &config.entries[i];

			check_string(text, size, entry->name);
			check_string(text, size, entry->title);
			if (entry->cmdline[0] != '\0')
				check_string(text, size, entry->cmdline);
			if (entry->kernel.path)
				check_file(text, size, &entry->kernel);
			if (entry->first_module > config.module_count ||
			    entry->module_count > config.module_count - entry->first_module)
				abort();
		}
		for (unsigned i = 0; i < config.module_count; i++)
			check_file(text, size, &config.modules[i]);
		(void)config_default_entry(&config);
	} else if (!error.message || error.line == 0) {
		abort();
	}
	free(text);
}

static void parse_list(const uint8_t *data, size_t size)
{
	struct config_file modules[CONFIG_MAX_MODULES];
	struct config_error error;
	unsigned count = 3; /* appended after entries already there */
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse_module_list(text, size, modules, CONFIG_MAX_MODULES, &count, &error) == 0) {
		if (count < 3 || count > CONFIG_MAX_MODULES)
			abort();
		for (unsigned i = 3; i < count; i++)
			check_file(text, size, &modules[i]);
	} else if (!error.message || error.line == 0) {
		abort();
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_config(data, size);
	parse_list(data, size);
	return 0;
}
