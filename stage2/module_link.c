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

/* The modules, then the programs: a program imports from modules, never
 * the other way round, so the init order puts the programs last. */
#define LINKED_MAX (MODULES_MAX + PROGRAMS_MAX)
static struct ghost_module_file files[LINKED_MAX];
static struct ghost_linked_module *linked; /* allocated: too large for stage 2's BSS */
static uint32_t init_order[LINKED_MAX];
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

static void drop_program(struct program_set *programs, uint32_t index)
{
	for (uint32_t i = index; i + 1 < programs->count; i++)
		programs->loaded[i] = programs->loaded[i + 1];
	programs->count--;
}

static struct ghost_module_file file_of(const struct gb_module *m, enum ghost_link_mode mode)
{
	return (struct ghost_module_file){
		.bytes = (const uint8_t *)(uintptr_t)m->file_addr,
		.size = (size_t)m->file_size,
		.name = (const char *)(uintptr_t)m->name,
		.mode = mode,
	};
}

/* Drops the optional module or program at fault, or stops the boot. */
static void drop_failed(const struct ghost_error *error, struct module_set *set,
			struct program_set *programs)
{
	uint32_t at = error->module_index;
	bool program = at >= set->count && at - set->count < programs->count;
	const struct gb_module *m = program ? &programs->loaded[at - set->count]
			       : at < set->count ? &set->modules[at] : 0;
	if (!m)
		panic("linking modules: %s", error->text);
	if (!(m->flags & GB_MODULE_OPTIONAL))
		panic("%s %s", program ? "program" : "module", error->text);
	console_printf("ghostboot: warning: optional %s %s skipped: %s\n",
		       program ? "program" : "module", (const char *)(uintptr_t)m->path,
		       error->text);
	if (program)
		drop_program(programs, at - set->count);
	else
		drop_module(set, at);
}

/* Links until every module and program left links; each failure drops one
 * optional one or stops the boot, so this ends within as many rounds. */
static void link_all(const struct ghost_export *exports, uint32_t export_count,
		     uint64_t first_virt, uint32_t table_base, struct module_set *set,
		     struct program_set *programs)
{
	for (;;) {
		struct memory_mark mark;
		memory_mark(&mark);
		uint64_t total = 0;
		uint32_t count = set->count + programs->count;
		for (uint32_t i = 0; i < count; i++) {
			const struct gb_module *m = i < set->count ? &set->modules[i]
								   : &programs->loaded[i - set->count];
			files[i] = file_of(m, i >= set->count ? GHOST_LINK_PROGRAM
					      : m->flags & GB_MODULE_ISOLATED ? GHOST_LINK_ISOLATED
									      : GHOST_LINK_DIRECT);
			total += ghost_module_table_bytes(&files[i]);
		}
		uint64_t workspace_size = ghost_workspace_bound(total, count, export_count);
		void *workspace = workspace_size < 0x40000000 ? memory_allocate((uint32_t)workspace_size) : 0;
		if (!workspace)
			panic("out of memory for linking %u modules", count);
		struct placement placement = { first_virt };
		struct ghost_link_request request = {
			.kernel_exports = exports,
			.kernel_export_count = export_count,
			.modules = files,
			.module_count = count,
			.place = place_module,
			.place_context = &placement,
			.workspace = workspace,
			.workspace_size = (size_t)workspace_size,
			.table_base = table_base,
		};
		struct ghost_error error;
		if (ghost_link_modules(&request, linked, init_order, &error))
			return;
		drop_failed(&error, set, programs);
		memory_release(&mark);
	}
}

/* An isolated module's user part: tables allowing user access above pages
 * that do not, until the kernel runs it (docs/isolation.md "Mapping"). */
static unsigned user_part(const struct ghost_linked_module *l, unsigned access)
{
	return l->mode == GHOST_LINK_DIRECT ? access : access | PAGE_USER_TABLES;
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

/* Text read-only and executable, rodata read-only, data read-write; an
 * isolated module's kernel-only part as supervisor pages. */
static void map_linked(uint32_t pml4, const struct ghost_linked_module *l, const char *name)
{
	map_region(pml4, l, &l->text, user_part(l, PAGE_EXECUTABLE), name);
	map_region(pml4, l, &l->rodata, user_part(l, 0), name);
	map_region(pml4, l, &l->data, user_part(l, PAGE_WRITABLE), name);
	map_region(pml4, l, &l->trampolines, PAGE_EXECUTABLE, name);
	map_region(pml4, l, &l->gate_table, 0, name);
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

		map_linked(pml4, l, (const char *)(uintptr_t)m->name);
	}
	memcpy(set->modules, ordered, set->count * sizeof *ordered);
}

/* The programs, linked after every module (LINKED_MAX). */
static void fill_programs(struct program_set *programs, uint32_t first, uint32_t pml4)
{
	for (uint32_t p = 0; p < programs->count; p++) {
		const struct ghost_linked_module *l = &linked[first + p];
		const struct gb_module *loaded = &programs->loaded[p];
		programs->programs[p] = (struct gb_program){
			.name = loaded->name,
			.path = loaded->path,
			.virt_addr = l->virt_addr,
			.phys_addr = (uintptr_t)l->image,
			.size = l->size,
			.entry = l->init,
			.isolation = l->isolation,
		};
		map_linked(pml4, l, (const char *)(uintptr_t)loaded->name);
	}
}

void modules_link(const struct loaded_kernel *kernel, const char *kernel_path,
		  const struct prelinked_set *prelinked, struct module_set *set,
		  struct program_set *programs, uint32_t pml4)
{
	if (set->count + programs->count == 0)
		return;
	if (kernel->virt_end <= KERNEL_CODE_MODEL_BASE)
		panic("kernel %s: not linked in the top 2 GiB, where modules must run beside it",
		      kernel_path);
	struct ghost_export *exports;
	uint32_t export_count;
	read_kernel_exports(kernel, kernel_path, prelinked, &exports, &export_count);
	linked = memory_allocate(LINKED_MAX * (uint32_t)sizeof *linked);
	if (!linked)
		panic("out of memory for linking %u modules", set->count);
	timer_calibrate();
	uint64_t start = timer_now();
	link_all(exports, export_count, ALIGN_UP(kernel->virt_end, MODULE_AREA_ALIGN),
		 prelinked->count, set, programs);
	fill_table(prelinked, set, pml4);
	fill_programs(programs, set->count, pml4);
	uint64_t microseconds = timer_microseconds(start, timer_now());
	console_printf("ghostboot: linked %u modules against %u kernel exports in %llu us\n",
		       set->count, export_count, (unsigned long long)microseconds);
	if (programs->count)
		console_printf("ghostboot: linked %u programs\n", programs->count);
}

void modules_isolation_fill(struct module_set *set, uint32_t first)
{
	for (uint32_t i = first; i < set->count; i++)
		set->runtime[i].isolation = linked[init_order[i - first]].isolation;
}

struct ghost_region modules_linked_data(uint32_t position)
{
	return linked[init_order[position]].data;
}
