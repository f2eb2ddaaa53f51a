#include "tests/fuzz/link.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ghostboot/isolation.h>

#define FUZZ_MODULES_MAX 2
#define FUZZ_EXPORTS_MAX 256
#define FUZZ_IMAGE_MAX (16u << 20) /* a larger image is refused, as stage 2 runs out of room */
#define FUZZ_GUARD 64
#define FUZZ_GUARD_BYTE 0xa5

struct symbols {
	const char *names[FUZZ_EXPORTS_MAX];
	uint32_t versions[FUZZ_EXPORTS_MAX];
	uint32_t count;
};

struct described {
	struct symbols imports;
	struct symbols exports;
};

static bool listed(const struct symbols *symbols, const char *name)
{
	for (uint32_t i = 0; i < symbols->count; i++) {
		if (strcmp(symbols->names[i], name) == 0)
			return true;
	}
	return false;
}

static void add(struct symbols *symbols, const struct ghost_module_symbol *symbol)
{
	if (symbols->count == FUZZ_EXPORTS_MAX || listed(symbols, symbol->name))
		return;
	symbols->names[symbols->count] = symbol->name;
	symbols->versions[symbols->count++] = symbol->version;
}

static void on_import(void *context, const struct ghost_module_symbol *symbol)
{
	add(&((struct described *)context)->imports, symbol);
}

static void on_export(void *context, const struct ghost_module_symbol *symbol)
{
	add(&((struct described *)context)->exports, symbol);
}

static void describe(const struct ghost_module_file *module, struct described *described)
{
	size_t workspace_size = (size_t)ghost_workspace_bound(module->size, 1, 0);
	void *workspace = malloc(workspace_size ? workspace_size : 1);
	struct ghost_describe_request request = {
		.module = *module,
		.workspace = workspace,
		.workspace_size = workspace_size,
		.on_import = on_import,
		.on_export = on_export,
		.context = described,
	};
	struct ghost_error error;
	const char *name = 0;

	if (ghost_describe_module(&request, &name, &error)) {
		if (!name || strnlen(name, 32) == 32)
			abort();
	} else if (error.status == GHOST_OK || error.text[0] == '\0') {
		abort();
	}
	free(workspace);
}

struct placement {
	uint8_t *buffers[FUZZ_MODULES_MAX];
	uint64_t sizes[FUZZ_MODULES_MAX];
};

static bool place(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
		  uint8_t **image)
{
	struct placement *placement = context;
	uint8_t *buffer;

	if (module >= FUZZ_MODULES_MAX || placement->buffers[module] || size > FUZZ_IMAGE_MAX)
		return false;
	buffer = malloc((size_t)size + 2 * FUZZ_GUARD);
	memset(buffer, FUZZ_GUARD_BYTE, (size_t)size + 2 * FUZZ_GUARD);
	placement->buffers[module] = buffer;
	placement->sizes[module] = size;
	*virt_addr = 0xffffffff80400000ull + ((uint64_t)module << 26);
	*image = buffer + FUZZ_GUARD;
	return true;
}

/* The guard bytes on both sides of each image are untouched; frees them. */
static void check_and_free(struct placement *placement)
{
	for (uint32_t m = 0; m < FUZZ_MODULES_MAX; m++) {
		uint8_t *buffer = placement->buffers[m];

		for (uint32_t i = 0; buffer && i < FUZZ_GUARD; i++) {
			if (buffer[i] != FUZZ_GUARD_BYTE ||
			    buffer[FUZZ_GUARD + placement->sizes[m] + i] != FUZZ_GUARD_BYTE)
				abort();
		}
		free(buffer);
	}
}

/* One link of the modules as given; aborts on a wrong report. */
static void link_once(const struct ghost_module_file *modules, uint32_t count,
		      const struct ghost_export *kernel, uint32_t kernel_count, uint64_t bytes)
{
	struct ghost_linked_module linked[FUZZ_MODULES_MAX];
	uint32_t order[FUZZ_MODULES_MAX];
	struct placement placement = { { 0 }, { 0 } };
	struct ghost_error error;
	size_t workspace_size = (size_t)ghost_workspace_bound(bytes, count, kernel_count);
	void *workspace = malloc(workspace_size ? workspace_size : 1);
	struct ghost_link_request request = {
		.kernel_exports = kernel,
		.kernel_export_count = kernel_count,
		.modules = modules,
		.module_count = count,
		.place = place,
		.place_context = &placement,
		.workspace = workspace,
		.workspace_size = workspace_size,
	};
	bool ok;

	memset(&error, 0, sizeof(error));
	ok = ghost_link_modules(&request, linked, order, &error);
	if (!ok && (error.status == GHOST_OK || error.text[0] == '\0'))
		abort();
	for (uint32_t m = 0; ok && m < count; m++) {
		if (order[m] >= count || linked[m].image != placement.buffers[m] + FUZZ_GUARD ||
		    linked[m].size != placement.sizes[m])
			abort();
	}
	check_and_free(&placement);
	free(workspace);
}

void fuzz_link(const struct ghost_module_file *modules, uint32_t count)
{
	static struct described described[FUZZ_MODULES_MAX];
	struct ghost_export kernel[FUZZ_EXPORTS_MAX + 1];
	struct ghost_module_file isolated[FUZZ_MODULES_MAX];
	uint32_t kernel_count = 0;
	uint64_t bytes = 0;

	memset(described, 0, sizeof(described));
	for (uint32_t m = 0; m < count; m++) {
		describe(&modules[m], &described[m]);
		bytes += modules[m].size;
	}
	/* The kernel exports what some module imports and none exports. */
	for (uint32_t m = 0; m < count; m++) {
		const struct symbols *imports = &described[m].imports;

		for (uint32_t i = 0; i < imports->count && kernel_count < FUZZ_EXPORTS_MAX; i++) {
			bool exported = false;

			for (uint32_t e = 0; e < count; e++)
				exported |= listed(&described[e].exports, imports->names[i]);
			for (uint32_t k = 0; k < kernel_count; k++)
				exported |= strcmp(kernel[k].name, imports->names[i]) == 0;
			if (exported)
				continue;
			/* Functions isolated modules may call, so that their links
			 * go as far as the damage allows. */
			kernel[kernel_count] = (struct ghost_export){
				.name = imports->names[i],
				.address = 0xffffffff80100000ull + 16 * kernel_count,
				.version = imports->versions[i],
				.gate = GB_GATE_ARGS(GB_ARG_INT, 0, 0, 0, 0, 0),
				.function = true,
			};
			kernel_count++;
		}
	}
	link_once(modules, count, kernel, kernel_count, bytes);

	/* Every module isolated, against a kernel with its isolation entry. */
	for (uint32_t m = 0; m < count; m++) {
		isolated[m] = modules[m];
		isolated[m].mode = GHOST_LINK_ISOLATED;
	}
	kernel[kernel_count++] = (struct ghost_export){ .name = GB_ISOLATION_ENTRY_SYMBOL,
							 .address = 0xffffffff80100000ull,
							 .function = true };
	link_once(isolated, count, kernel, kernel_count, bytes);
}

