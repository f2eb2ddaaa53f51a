#include "stage2/module_link.h"

#include "ghost/ghost.h"
#include "ghost/report.h"
#include "stage2/console.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/paging.h"
#include "stage2/timer.h"

/* The kernel code model (x86-64 psABI, "Code Models") reaches the top
 * 2 GiB only: modules must live there beside the kernel. */
#define KERNEL_CODE_MODEL_BASE 0xffffffff80000000ull
#define MODULE_AREA_ALIGN 0x200000ull
#define GUARD_GAP PAGE_SIZE /* an unmapped page between modules */

static struct ghost_module_file files[MODULES_MAX];
static struct ghost_linked_module linked[MODULES_MAX];
static uint32_t init_order[MODULES_MAX];
static struct gb_module ordered[MODULES_MAX];

struct placement {
	uint64_t next_virt;
};

static bool place_module(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
			 uint8_t **image)
{
	struct placement *placement = context;
	(void)module;
	if (size > GHOST_IMAGE_SIZE_MAX || size + GUARD_GAP > 0ull - placement->next_virt)
		return false;
	uint8_t *memory = memory_reserve((uint32_t)size); /* ghost zeroes the image as it copies */
	if (!memory)
		return false;
	*virt_addr = placement->next_virt;
	*image = memory;
	placement->next_virt += size + GUARD_GAP;
	return true;
}

/* The kernel's own exports, then those of its prelinked modules. */
static void read_kernel_exports(const struct loaded_kernel *kernel, const char *path,
				const struct prelinked_set *prelinked,
				struct ghost_export **exports, uint32_t *count)
{
	struct ghost_error error;
	uint32_t own;
	if (!ghost_read_kernel_exports(&kernel->elf, 0, 0, &own, &error))
		panic("kernel %s: %s", path, ghost_error_detail(&error));
	*exports = memory_allocate((own + prelinked->export_count) * (uint32_t)sizeof **exports + 1);
	if (!*exports ||
	    !ghost_read_kernel_exports(&kernel->elf, *exports, own, &own, &error))
		panic("kernel %s: cannot read its exports", path);
	memcpy(*exports + own, prelinked->exports, prelinked->export_count * sizeof **exports);
	*count = own + prelinked->export_count;
}

struct import_scan {
	const struct prelinked_set *prelinked;
	uint64_t owners; /* bit i: imports from prelinked module i */
};

static void note_prelinked_import(void *context, const struct ghost_module_symbol *symbol)
{
	struct import_scan *scan = context;
	for (uint32_t i = 0; i < scan->prelinked->export_count; i++)
		if (strcmp(scan->prelinked->exports[i].name, symbol->name) == 0)
			scan->owners |= 1ull << scan->prelinked->export_owner[i];
}

/* Which prelinked modules module `index` imports from: ghost tells the
 * modules of one link apart, but sees prelinked exports as the kernel's. */
static uint64_t prelinked_imports(const struct prelinked_set *prelinked, uint32_t index)
{
	struct import_scan scan = { prelinked, 0 };
	if (prelinked->export_count == 0)
		return 0;
	struct memory_mark mark;
	memory_mark(&mark);
	uint64_t workspace_size =
		ghost_workspace_bound(ghost_module_table_bytes(&files[index]), 1, 0);
	struct ghost_describe_request request = {
		.module = files[index],
		.workspace = workspace_size < 0x40000000 ? memory_allocate((uint32_t)workspace_size) : 0,
		.workspace_size = (size_t)workspace_size,
		.on_import = note_prelinked_import,
		.context = &scan,
	};
	const char *name;
	struct ghost_error error;
	if (!request.workspace || !ghost_describe_module(&request, &name, &error))
		panic("module %s: cannot list its imports", files[index].name);
	memory_release(&mark);
	return scan.owners;
}

static void drop_module(struct module_set *set, uint32_t index)
{
	for (uint32_t i = index; i + 1 < set->count; i++)
		set->modules[i] = set->modules[i + 1];
	set->count--;
}

/* Links until every module left links; each failure drops one optional
 * module or stops the boot, so this ends within set->count rounds. */
static void link_all(const struct ghost_export *exports, uint32_t export_count,
		     uint64_t first_virt, struct module_set *set)
{
	for (;;) {
		struct memory_mark mark;
		memory_mark(&mark);
		uint64_t total = 0;
		for (uint32_t i = 0; i < set->count; i++) {
			const struct gb_module *m = &set->modules[i];
			files[i] = (struct ghost_module_file){
				.bytes = (const uint8_t *)(uintptr_t)m->file_addr,
				.size = (size_t)m->file_size,
				.name = (const char *)(uintptr_t)m->name,
			};
			total += ghost_module_table_bytes(&files[i]);
		}
		uint64_t workspace_size = ghost_workspace_bound(total, set->count, export_count);
		void *workspace = workspace_size < 0x40000000 ? memory_allocate((uint32_t)workspace_size) : 0;
		if (!workspace)
			panic("out of memory for linking %u modules", set->count);
		struct placement placement = { first_virt };
		struct ghost_link_request request = {
			.kernel_exports = exports,
			.kernel_export_count = export_count,
			.modules = files,
			.module_count = set->count,
			.place = place_module,
			.place_context = &placement,
			.workspace = workspace,
			.workspace_size = (size_t)workspace_size,
		};
		struct ghost_error error;
		if (ghost_link_modules(&request, linked, init_order, &error))
			return;
		if (error.module_index >= set->count)
			panic("linking modules: %s", error.text);
		if (!(set->modules[error.module_index].flags & GB_MODULE_OPTIONAL))
			panic("module %s", error.text);
		console_printf("ghostboot: warning: optional module %s skipped: %s\n",
			       (const char *)(uintptr_t)set->modules[error.module_index].path, error.text);
		memory_release(&mark);
		drop_module(set, error.module_index);
	}
}

static void map_region(uint32_t pml4, const struct ghost_linked_module *l,
		       const struct ghost_region *region, unsigned access, const char *name)
{
	const char *why;
	if (region->size == 0)
		return;
	if (paging_map(pml4, l->virt_addr + region->offset,
		       (uintptr_t)l->image + region->offset, ALIGN_UP(region->size, PAGE_SIZE),
		       access, &why))
		panic("module %s: cannot map it: %s", name, why);
}

/* Rewrites the table in init order, with each module's dependencies as
 * indices into the final table: the prelinked modules first, then these. */
static void fill_table(const struct prelinked_set *prelinked, struct module_set *set,
		       uint32_t pml4)
{
	uint32_t position_of[MODULES_MAX];
	uint32_t first = prelinked->count;
	for (uint32_t pos = 0; pos < set->count; pos++)
		position_of[init_order[pos]] = first + pos;
	uint32_t *depends = memory_allocate(set->count * (set->count + first) *
					    (uint32_t)sizeof *depends);
	if (!depends)
		panic("out of memory for the module table");

	for (uint32_t pos = 0; pos < set->count; pos++) {
		uint32_t index = init_order[pos];
		const struct ghost_linked_module *l = &linked[index];
		struct gb_module *m = &ordered[pos];
		*m = set->modules[index];
		m->virt_addr = l->virt_addr;
		m->phys_addr = (uintptr_t)l->image;
		m->size = l->size;
		m->init = l->init;
		m->exit = l->exit;
		m->exports = l->exports;
		m->export_count = l->export_count;
		m->depends = (uintptr_t)depends;
		m->depends_count = 0;
		uint64_t owners = prelinked_imports(prelinked, index);
		for (uint32_t i = 0; i < first; i++)
			if (owners & (1ull << i))
				depends[m->depends_count++] = i;
		for (uint32_t other = 0; other < set->count; other++)
			if (other != index && ghost_module_imports_from(l, other))
				depends[m->depends_count++] = position_of[other];
		depends += m->depends_count;

		const char *name = (const char *)(uintptr_t)m->name;
		map_region(pml4, l, &l->text, PAGE_EXECUTABLE, name);
		map_region(pml4, l, &l->rodata, 0, name);
		map_region(pml4, l, &l->data, PAGE_WRITABLE, name);
	}
	memcpy(set->modules, ordered, set->count * sizeof *ordered);
}

void modules_link(const struct loaded_kernel *kernel, const char *kernel_path,
		  const struct prelinked_set *prelinked, struct module_set *set, uint32_t pml4)
{
	if (set->count == 0)
		return;
	if (kernel->virt_end <= KERNEL_CODE_MODEL_BASE)
		panic("kernel %s: not linked in the top 2 GiB, where modules must run beside it",
		      kernel_path);
	struct ghost_export *exports;
	uint32_t export_count;
	read_kernel_exports(kernel, kernel_path, prelinked, &exports, &export_count);
	timer_calibrate();
	uint64_t start = timer_now();
	link_all(exports, export_count, ALIGN_UP(kernel->virt_end, MODULE_AREA_ALIGN), set);
	fill_table(prelinked, set, pml4);
	uint64_t microseconds = timer_microseconds(start, timer_now());
	console_printf("ghostboot: linked %u modules against %u kernel exports in %llu us\n",
		       set->count, export_count, (unsigned long long)microseconds);
}

struct ghost_region modules_linked_data(uint32_t position)
{
	return linked[init_order[position]].data;
}
