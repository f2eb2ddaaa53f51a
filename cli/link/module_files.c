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

int module_files_read(struct module_files *modules, char *const *paths, uint32_t count)
{
	uint32_t i;

	modules->count = 0;
	modules->files = calloc(count + 1, sizeof(*modules->files));
	modules->modules = calloc(count + 1, sizeof(*modules->modules));
	if (!modules->files || !modules->modules) {
		module_files_free(modules);
		return error("out of memory");
	}
	for (i = 0; i < count; i++) {
		char *name = module_name_of(paths[i]);
		if (!name) {
			module_files_free(modules);
			return error("out of memory");
		}
		if (file_bytes_read(paths[i], &modules->files[i]) != 0) {
			free(name);
			module_files_free(modules);
			return -1;
		}
		modules->modules[i] = (struct ghost_module_file){
			.bytes = modules->files[i].bytes,
			.size = modules->files[i].size,
			.name = name,
		};
		modules->count = i + 1;
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
	modules->files = 0;
	modules->modules = 0;
	modules->count = 0;
}
