#include "cli/link/module_files.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"

char *module_name_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *start = slash ? slash + 1 : path;

	return strndup(start, strcspn(start, "."));
}

int module_files_init(struct module_files *modules, uint32_t capacity)
{
	*modules = (struct module_files){ .capacity = capacity };
	modules->files = calloc(capacity + 1, sizeof(*modules->files));
	modules->modules = calloc(capacity + 1, sizeof(*modules->modules));
	modules->optional = calloc(capacity + 1, sizeof(*modules->optional));
	if (!modules->files || !modules->modules || !modules->optional) {
		module_files_free(modules);
		return error("out of memory");
	}
	return 0;
}

int module_files_take(struct module_files *modules, struct file_bytes *file, const char *name,
		      int optional)
{
	char *copy = strdup(name);
	uint32_t i = modules->count;

	if (!copy || i == modules->capacity) {
		free(copy);
		file_bytes_free(file);
		return error(copy ? "too many modules" : "out of memory");
	}
	modules->files[i] = *file;
	modules->modules[i] = (struct ghost_module_file){
		.bytes = file->bytes,
		.size = file->size,
		.name = copy,
	};
	modules->optional[i] = optional != 0;
	modules->count = i + 1;
	return 0;
}

void module_files_drop(struct module_files *modules, uint32_t index)
{
	uint32_t i;

	file_bytes_free(&modules->files[index]);
	free((char *)modules->modules[index].name);
	for (i = index; i + 1 < modules->count; i++) {
		modules->files[i] = modules->files[i + 1];
		modules->modules[i] = modules->modules[i + 1];
		modules->optional[i] = modules->optional[i + 1];
	}
	modules->count--;
}

int module_files_read(struct module_files *modules, char *const *paths, uint32_t count)
{
	struct file_bytes file;
	uint32_t i;

	if (module_files_init(modules, count) != 0)
		return -1;
	for (i = 0; i < count; i++) {
		char *name = module_name_of(paths[i]);
		int result = -1;

		if (!name)
			error("out of memory");
		else if (file_bytes_read(paths[i], &file) == 0)
			result = module_files_take(modules, &file, name, 0);
		free(name);
		if (result != 0) {
			module_files_free(modules);
			return -1;
		}
	}
	return 0;
}

void module_files_free(struct module_files *modules)
{
	uint32_t i;

	for (i = 0; i < modules->count; i++) {
		file_bytes_free(&modules->files[i]);
		free((char *)modules->modules[i].name);
	}
	free(modules->files);
	free(modules->modules);
	free(modules->optional);
	*modules = (struct module_files){ 0 };
}
