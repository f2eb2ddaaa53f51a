/* ghost_link_modules: the steps in order. Everything that can be decided
 * from the files alone (reading, layout, exports, imports, versions, init
 * order) is, before the first module is placed; then each module is placed,
 * copied and relocated. */
#include "ghost/exports.h"
#include "ghost/gates.h"
#include "ghost/ghost.h"
#include "ghost/imports.h"
#include "ghost/modinfo.h"
#include "ghost/order.h"
#include "ghost/relocate.h"
#include "ghost/report.h"
#include "ghost/stubs.h"

static const char linker_name[] = "ghost";
static const char kernel_name[] = "kernel";

/* The caller's workspace, handed out front to back in 8-byte units. */
struct workspace {
	uint8_t *next;
	size_t left;
};

static void *take(struct workspace *workspace, uint64_t bytes, struct ghost_error *error)
{
	size_t misalignment = (size_t)(-(uintptr_t)workspace->next & 7);
	if (misalignment > workspace->left)
		misalignment = workspace->left;
	workspace->next += misalignment;
	workspace->left -= misalignment;
	uint64_t rounded = (bytes + 7) & ~(uint64_t)7;
	if (bytes > workspace->left || rounded > workspace->left) {
		ghost_fail(error, GHOST_ERROR_WORKSPACE, GHOST_NO_MODULE, linker_name,
			   "workspace too small: ghost_workspace_bound gives the size");
		return NULL;
	}
	void *p = workspace->next;
	workspace->next += (size_t)rounded;
	workspace->left -= (size_t)rounded;
	return p;
}

/* Per module: its struct, a section offset per 64-byte section header, an
 * import pointer per 24-byte symbol, and for isolation a gate index and a
 * gate pointer per symbol; the table: 4 slots per export at most (one per
 * 24-byte entry); the dependency matrix, the sort's scratch and the init
 * positions.
 * `module_bytes` need only count the section header tables and symbol
 * tables (ghost_module_table_bytes): nothing else of a module is in the
 * workspace. Shifts only: 32-bit stage 2 has no 64-bit division for free. */
uint64_t ghost_workspace_bound(uint64_t module_bytes, uint32_t module_count,
			       uint32_t kernel_export_count)
{
	uint64_t exports = kernel_export_count + (module_bytes >> 4);
	return module_count * (uint64_t)(sizeof(struct ghost_module) + 5 * 8) +
	       (module_bytes >> 3) + (module_bytes >> 1) + (module_bytes >> 1) +
	       (4 * exports + 2) * sizeof(struct ghost_symbol) + 8 +
	       ghost_dependencies_size(module_count) + 8 + 2 * (module_count * (uint64_t)4 + 8);
}

uint64_t ghost_module_table_bytes(const struct ghost_module_file *file)
{
	Elf64_Ehdr header;
	if (file->size < sizeof header)
		return file->size;
	__builtin_memcpy(&header, file->bytes, sizeof header);
	uint64_t table = (uint64_t)header.e_shnum * sizeof(Elf64_Shdr);
	if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shoff > file->size ||
	    table > file->size - header.e_shoff)
		return file->size; /* the link will say what is wrong */
	uint64_t total = table;
	for (uint32_t i = 0; i < header.e_shnum; i++) {
		Elf64_Shdr section;
		__builtin_memcpy(&section, file->bytes + header.e_shoff + i * sizeof section,
				 sizeof section);
		if (section.sh_type == SHT_SYMTAB && section.sh_size > file->size - total)
			return file->size; /* no sum past the file, nor a wrapped one */
		if (section.sh_type == SHT_SYMTAB)
			total += section.sh_size;
	}
	return total < file->size ? total : file->size;
}

static bool prepare_module(struct ghost_module *module, const struct ghost_module_file *file,
			   uint32_t index, struct workspace *workspace, struct ghost_error *error)
{
	module->mode = file->mode;
	if (!ghost_object_read(&module->object, file->bytes, file->size, file->name, index, error))
		return false;
	uint64_t symbols = module->object.symbol_count;
	uint64_t *section_offset =
		take(workspace,
		     (uint64_t)module->object.file.header.e_shnum * sizeof *section_offset, error);
	module->imports = take(workspace, symbols * sizeof *module->imports, error);
	if (section_offset == NULL || module->imports == NULL ||
	    !ghost_layout_sections(&module->object, module->mode, section_offset, &module->layout,
				   error) ||
	    !ghost_find_module_info(module, error) || !ghost_find_exports(module, error))
		return false;
	if (module->mode == GHOST_LINK_DIRECT)
		return true;
	module->gate_of_symbol = take(workspace, symbols * sizeof *module->gate_of_symbol, error);
	module->gates = take(workspace, symbols * sizeof *module->gates, error);
	return module->gate_of_symbol != NULL && module->gates != NULL &&
	       ghost_layout_kernel_part(&module->object, module->export_count, &module->layout,
					error);
}

static bool build_symbol_table(const struct ghost_link_request *request,
			       const struct ghost_module *modules, struct ghost_symbol_table *table,
			       struct workspace *workspace, struct ghost_error *error)
{
	uint64_t count = request->kernel_export_count;
	for (uint32_t i = 0; i < request->module_count; i++)
		count += modules[i].export_count;
	if (count > UINT32_MAX / 4)
		return ghost_fail(error, GHOST_ERROR_WORKSPACE, GHOST_NO_MODULE, linker_name,
				  "more than 2^30 exports");
	uint64_t capacity = ghost_symbol_capacity((uint32_t)count);
	struct ghost_symbol *slots = take(workspace, capacity * sizeof *slots, error);
	if (slots == NULL)
		return false;
	ghost_symbols_init(table, slots, (uint32_t)capacity);
	for (uint32_t i = 0; i < request->kernel_export_count; i++) {
		const struct ghost_export *e = &request->kernel_exports[i];
		struct ghost_symbol symbol = {
			.name = e->name,
			.owner_name = kernel_name,
			.owner = GHOST_NO_MODULE,
			.version = e->version,
			.address = e->address,
			.gate = e->gate,
			.function = e->function,
			.isolated = e->isolated,
			.table = e->table,
			.table_index = e->table_index,
		};
		if (!ghost_symbols_add(table, &symbol, error))
			return false;
	}
	for (uint32_t i = 0; i < request->module_count; i++)
		if (!ghost_add_exports(&modules[i], i, table, error))
			return false;
	return true;
}

static bool resolve_and_order(const struct ghost_link_request *request,
			      struct ghost_module *modules, const struct ghost_symbol_table *table,
			      struct ghost_dependencies *dependencies, uint32_t *init_order,
			      struct workspace *workspace, struct ghost_error *error)
{
	uint32_t count = request->module_count;
	uint8_t *bits = take(workspace, ghost_dependencies_size(count), error);
	uint32_t *pending = take(workspace, (uint64_t)count * sizeof *pending, error);
	if (bits == NULL || pending == NULL)
		return false;
	ghost_dependencies_init(dependencies, bits, count);
	bool resolved = true;
	for (uint32_t i = 0; i < count && (resolved || request->report_undefined != NULL); i++)
		resolved = ghost_resolve_imports(&modules[i], i, table, dependencies,
						 request->report_undefined,
						 request->report_context, error) &&
			   resolved;
	if (!resolved)
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!ghost_check_import_versions(&modules[i], error) ||
		    !ghost_assign_gates(&modules[i], error))
			return false;
	return ghost_init_order(dependencies, request->modules, pending, init_order, error);
}

static bool place_module(const struct ghost_link_request *request, struct ghost_module *module,
			 uint32_t index, struct ghost_error *error)
{
	if (!request->place(request->place_context, index, module->layout.size, &module->base,
			    &module->image))
		return ghost_elf_fail(&module->object.file, error, GHOST_ERROR_PLACEMENT,
				      "no memory for the module's image");
	if ((module->base & (GHOST_PAGE_SIZE - 1)) != 0 ||
	    module->base > UINT64_MAX - module->layout.size) {
		ghost_elf_fail(&module->object.file, error, GHOST_ERROR_PLACEMENT,
			       "image address not page-aligned or wrapping:");
		ghost_fail_hex(error, module->base);
		return false;
	}
	ghost_layout_copy(&module->object, &module->layout, module->image);
	return true;
}

/* Module exports were entered as offsets in their image; now that every
 * module has an address they become addresses. */
static void place_exports(struct ghost_symbol_table *table, const struct ghost_module *modules)
{
	for (uint32_t i = 0; i < table->capacity; i++) {
		struct ghost_symbol *s = &table->slots[i];
		if (s->name != NULL && s->owner != GHOST_NO_MODULE)
			s->address += modules[s->owner].base;
	}
}

/* What the trampolines jump to and how the gate table numbers exporters,
 * when some module is isolated. */
static bool prepare_gate_targets(const struct ghost_link_request *request,
				 const struct ghost_module *modules,
				 const struct ghost_symbol_table *table, const uint32_t *init_order,
				 struct ghost_gate_targets *targets, struct workspace *workspace,
				 struct ghost_error *error)
{
	uint32_t count = request->module_count;
	uint32_t *position_of = take(workspace, (uint64_t)count * sizeof *position_of, error);
	if (position_of == NULL)
		return false;
	for (uint32_t position = 0; position < count; position++)
		position_of[init_order[position]] = position;
	*targets = (struct ghost_gate_targets){ 0, position_of, request->table_base };
	for (uint32_t i = 0; i < count; i++)
		if (modules[i].mode != GHOST_LINK_DIRECT)
			return ghost_find_isolation_entry(table, &modules[i],
							  &targets->isolation_entry, error);
	return true;
}

static void describe_isolation(const struct ghost_module *module, struct ghost_linked_module *out)
{
	const struct ghost_layout *layout = &module->layout;
	out->trampolines = layout->trampolines;
	out->gate_table = layout->gate_table;
	out->isolation = (struct gb_isolation){
		.user_start = module->base,
		.user_size = layout->user_size,
		.stack_top = module->base + layout->stack_top,
		.heap = module->base + layout->heap,
		.gate_stubs = module->base + layout->gate_stubs,
		.gates = module->base + layout->gate_table.offset,
		.gate_count = module->gate_count,
	};
}

static bool describe_module(const struct ghost_module *module, const uint8_t *imports_from,
			    const struct ghost_gate_targets *targets,
			    struct ghost_linked_module *out, struct ghost_error *error)
{
	out->imports_from = imports_from;
	out->virt_addr = module->base;
	out->image = module->image;
	out->size = module->layout.size;
	out->text = module->layout.text;
	out->rodata = module->layout.rodata;
	out->data = module->layout.data;
	out->export_count = module->export_count;
	out->exports =
		module->export_count == 0
			? 0
			: module->base + module->layout.section_offset[module->exports_section];
	out->mode = module->mode;
	out->trampolines = out->gate_table = (struct ghost_region){ 0, 0 };
	out->isolation = (struct gb_isolation){ 0 };
	if (!ghost_read_module_entry(module, &out->init, &out->exit, error))
		return false;
	if (module->mode != GHOST_LINK_DIRECT) {
		ghost_write_isolation(module, targets, &out->init, &out->exit);
		describe_isolation(module, out);
	}
	return true;
}

bool ghost_link_modules(const struct ghost_link_request *request,
			struct ghost_linked_module *linked, uint32_t *init_order,
			struct ghost_error *error)
{
	struct workspace workspace = { request->workspace, request->workspace_size };
	ghost_clear_error(error);
	uint32_t count = request->module_count;
	struct ghost_symbol_table table;
	struct ghost_dependencies dependencies;
	struct ghost_gate_targets targets;
	struct ghost_module *modules = take(&workspace, (uint64_t)count * sizeof *modules, error);
	if (modules == NULL)
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!prepare_module(&modules[i], &request->modules[i], i, &workspace, error))
			return false;
	if (!build_symbol_table(request, modules, &table, &workspace, error) ||
	    !resolve_and_order(request, modules, &table, &dependencies, init_order, &workspace,
			       error) ||
	    !prepare_gate_targets(request, modules, &table, init_order, &targets, &workspace,
				  error))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!place_module(request, &modules[i], i, error))
			return false;
	place_exports(&table, modules);
	for (uint32_t i = 0; i < count; i++)
		if (!ghost_apply_relocations(&modules[i], error) ||
		    !describe_module(&modules[i], ghost_dependency_row(&dependencies, i), &targets,
				     &linked[i], error))
			return false;
	return true;
}
