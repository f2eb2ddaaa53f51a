#include "stage2/modules.h"

#include <stdbool.h>

#include "stage2/console.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

/* The module's name: its file name without directory and extension. */
static uint64_t add_module_name(struct string_pool *strings, const char *path)
{
	const char *start = path;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			start = p + 1;
	uint32_t length = 0;
	while (start[length] && start[length] != '.')
		length++;
	return string_pool_add(strings, start, length);
}

/* Loads one module (or program) file; returns 0, or -1 with `*why` set. */
static int load_one(struct fs_volume *volume, const struct config_entry *entry,
		    const struct config_file *ref, struct string_pool *strings,
		    struct gb_module *module, const char **why)
{
	void *data;
	uint64_t size;
	if (file_load(volume, ref, &data, &size, why))
		return -1;
	if (size == 0) {
		*why = "file is empty";
		return -1;
	}
	/* Stage 2 links what it is given: anything but ELF is a raw file. */
	if (size < 4 || memcmp(data, "\177ELF", 4) != 0) {
		*why = ref->is_program ? "not an ELF object"
				       : "not an ELF module; pass a raw file with `file PATH`";
		return -1;
	}
	*module = (struct gb_module){
		.name = add_module_name(strings, ref->path),
		.path = string_pool_add_string(strings, ref->path),
		.file_addr = (uintptr_t)data,
		.file_size = size,
		.flags = (ref->optional ? GB_MODULE_OPTIONAL : 0u) |
			 (ref->has_sha256 ? GB_MODULE_HASH_VERIFIED : 0u) |
			 (config_module_isolated(entry, ref) ? GB_MODULE_ISOLATED : 0u),
	};
	return 0;
}

/* Loads `ref` into loaded[*count], at most `max` of them. */
static void load_or_skip(struct fs_volume *volume, const struct config_entry *entry,
			 const struct config_file *ref, struct string_pool *strings,
			 struct gb_module *loaded, uint32_t *count, uint32_t max)
{
	const char *kind = ref->is_program ? "program" : "module";
	const char *why;
	if (*count == max)
		panic("%s %s: more than %u %ss", kind, ref->path, max, kind);
	if (load_one(volume, entry, ref, strings, &loaded[*count], &why) == 0) {
		++*count;
		return;
	}
	if (!ref->optional)
		panic("%s %s: %s", kind, ref->path, why);
	console_printf("ghostboot: warning: optional %s %s skipped: %s\n", kind, ref->path, why);
}

/* Reads a `modules` list file into loader memory and parses it there: the
 * paths point into that copy. */
static void load_list(struct fs_volume *volume, const struct config_entry *entry,
		      const struct config_file *list, struct string_pool *strings,
		      struct module_set *set)
{
	static struct config_file listed[CONFIG_MAX_MODULES];
	struct fs_file file;
	const char *why;
	if (file_open(volume, list->path, &file, &why))
		panic("module list %s: %s", list->path, why);
	if (file.size > MODULE_LIST_MAX_SIZE)
		panic("module list %s: larger than %u bytes", list->path, MODULE_LIST_MAX_SIZE);
	char *text = memory_allocate((uint32_t)file.size + 1);
	if (!text)
		panic("module list %s: out of memory", list->path);
	if (file_read_exact(&file, 0, text, file.size, &why))
		panic("module list %s: %s", list->path, why);
	struct sha256 hash;
	sha256_init(&hash);
	if (list->has_sha256)
		sha256_update(&hash, text, (size_t)file.size);
	if (file_check_pin(list, &hash, &why))
		panic("module list %s: %s", list->path, why);

	/* A final line break gives the parser room to cut the last line. */
	text[file.size] = '\n';
	unsigned count = 0;
	struct config_error error;
	if (config_parse_module_list(text, (size_t)file.size + 1, listed, CONFIG_MAX_MODULES,
				     &count, &error))
		panic("module list %s, line %u: %s", list->path, error.line, error.message);
	for (unsigned i = 0; i < count; i++)
		load_or_skip(volume, entry, &listed[i], strings, set->modules, &set->count,
			     MODULES_MAX);
}

void module_runtime_allocate(struct module_set *set)
{
	if (set->count == 0)
		return;
	set->runtime = memory_allocate(set->count * (uint32_t)sizeof *set->runtime);
	if (!set->runtime)
		panic("out of memory for the module runtime table");
}

void modules_load(struct fs_volume *volume, const struct config *config,
		  const struct config_entry *entry, struct string_pool *strings,
		  struct module_set *set)
{
	set->modules = memory_allocate(MODULES_MAX * sizeof(struct gb_module));
	if (!set->modules)
		panic("out of memory for the module table");
	set->count = 0;
	for (unsigned i = 0; i < entry->module_count; i++) {
		const struct config_file *ref = &config->modules[entry->first_module + i];
		if (ref->is_raw || ref->is_program)
			continue;
		if (ref->is_list)
			load_list(volume, entry, ref, strings, set);
		else
			load_or_skip(volume, entry, ref, strings, set->modules, &set->count,
				     MODULES_MAX);
	}
}

void programs_load(struct fs_volume *volume, const struct config *config,
		   const struct config_entry *entry, struct string_pool *strings,
		   struct program_set *set)
{
	set->loaded = memory_allocate(PROGRAMS_MAX * sizeof *set->loaded);
	set->programs = memory_allocate(PROGRAMS_MAX * sizeof *set->programs);
	if (!set->loaded || !set->programs)
		panic("out of memory for the program table");
	set->count = 0;
	for (unsigned i = 0; i < entry->module_count; i++) {
		const struct config_file *ref = &config->modules[entry->first_module + i];
		if (ref->is_program)
			load_or_skip(volume, entry, ref, strings, set->loaded, &set->count,
				     PROGRAMS_MAX);
	}
}

void raw_files_load(struct fs_volume *volume, const struct config *config,
		    const struct config_entry *entry, struct string_pool *strings,
		    struct file_set *set)
{
	set->files = memory_allocate(entry->module_count * sizeof(struct gb_file));
	if (!set->files)
		panic("out of memory for the file table");
	set->count = 0;
	for (unsigned i = 0; i < entry->module_count; i++) {
		const struct config_file *ref = &config->modules[entry->first_module + i];
		void *data;
		uint64_t size;
		const char *why;
		if (!ref->is_raw)
			continue;
		if (file_load(volume, ref, &data, &size, &why) == 0) {
			set->files[set->count++] = (struct gb_file){
				.path = string_pool_add_string(strings, ref->path),
				.file_addr = (uintptr_t)data,
				.file_size = size,
				.flags = (ref->optional ? GB_MODULE_OPTIONAL : 0u) |
					 (ref->has_sha256 ? GB_MODULE_HASH_VERIFIED : 0u),
			};
		} else if (ref->optional) {
			console_printf("ghostboot: warning: optional file %s skipped: %s\n",
				       ref->path, why);
		} else {
			panic("file %s: %s", ref->path, why);
		}
	}
}
