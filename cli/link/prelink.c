#include "cli/link/prelink.h"

#include <stdbool.h>
#include <stdlib.h>

#include "cli/common/diag.h"
#include "cli/link/ghost_messages.h"
#include "ghost/report.h"

struct placement {
	uint64_t next_virt;
	uint8_t **images;
};

static bool place_in_host_memory(void *context, uint32_t module, uint64_t size,
				 uint64_t *virt_addr, uint8_t **image)
{
	struct placement *placement = context;

	if (size > GHOST_IMAGE_SIZE_MAX || size + PRELINK_GUARD_GAP > 0 - placement->next_virt)
		return false;
	placement->images[module] = malloc(size);
	if (!placement->images[module])
		return false;
	*virt_addr = placement->next_virt;
	*image = placement->images[module];
	placement->next_virt += size + PRELINK_GUARD_GAP;
	return true;
}

/* What stage 2 calls module `index` in its messages. */
static const char *kind_of(const struct module_files *modules, uint32_t index)
{
	return modules->modules[index].mode == GHOST_LINK_PROGRAM ? "program" : "module";
}

struct undefined_report {
	const struct module_files *modules;
	unsigned required; /* lines about modules that are not optional */
	uint8_t *failed;   /* per module: it left a symbol undefined */
};

/* An optional module's undefined symbols are warnings: stage 2 skips it. */
static void report_undefined(void *context, uint32_t module, const char *symbol)
{
	struct undefined_report *report = context;
	const char *name = report->modules->modules[module].name;

	report->failed[module] = 1;
	const char *kind = kind_of(report->modules, module);
	if (report->modules->optional[module]) {
		warning("%s %s: undefined symbol %s", kind, name, symbol);
		return;
	}
	error("%s %s: undefined symbol %s", kind, name, symbol);
	report->required++;
}

/* Stage 2 loads each segment at its physical address and maps it at its
 * virtual one; the modules' physical addresses follow the kernel's. */
static int find_virt_to_phys(const struct kernel_elf *kernel, uint64_t *virt_to_phys)
{
	bool found = false;
	uint32_t i;

	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		if (found && p->p_vaddr - p->p_paddr != *virt_to_phys)
			return error("kernel %s: its segments differ in virtual minus physical "
				     "address, so the modules' physical addresses cannot follow",
				     kernel->path);
		*virt_to_phys = p->p_vaddr - p->p_paddr;
		found = true;
	}
	return 0;
}

/* [phys, phys + size) clear of every kernel segment's physical range. */
static int check_physical(const struct kernel_elf *kernel, const char *name, uint64_t phys,
			  uint64_t size)
{
	uint32_t i;

	if (phys + size < phys)
		return error("module %s: its physical address 0x%llx wraps around", name,
			     (unsigned long long)phys);
	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		if (p->p_type == PT_LOAD && p->p_memsz && phys < p->p_paddr + p->p_memsz &&
		    p->p_paddr < phys + size)
			return error("module %s: physical 0x%llx-0x%llx overlaps kernel segment %u",
				     name, (unsigned long long)phys,
				     (unsigned long long)(phys + size), i);
	}
	return 0;
}

/* Drops each optional module that failed, as stage 2 does (with the same
 * warning). Returns 1 when one was dropped, so the link is tried again. */
static int drop_failed_optional(struct module_files *modules, const uint8_t *failed,
				const struct ghost_error *failure)
{
	uint32_t i = modules->count;
	int dropped = 0;

	while (i-- > 0) {
		int at_fault = failed[i] || failure->module_index == i;

		if (!at_fault || !modules->optional[i])
			continue;
		warning("optional %s %s skipped: %s", kind_of(modules, i), modules->modules[i].name,
			failed[i] ? "undefined symbols" : ghost_error_detail(failure));
		module_files_drop(modules, i);
		dropped = 1;
	}
	return dropped;
}

/* Returns 0, 1 when optional modules were dropped and the link must be
 * tried again, or -1 after the errors. */
static int link_placed(struct prelink *result, const struct kernel_elf *kernel,
		       struct module_files *modules, uint64_t first_virt)
{
	struct placement placement = { first_virt, result->images };
	struct undefined_report undefined = { modules, 0, 0 };
	uint64_t total = 0, workspace_size;
	struct ghost_link_request request;
	struct ghost_error failure;
	uint32_t i;
	int status;

	for (i = 0; i < modules->count; i++)
		total += ghost_module_table_bytes(&modules->modules[i]);
	workspace_size = ghost_workspace_bound(total, modules->count, kernel->export_count);
	result->workspace = workspace_size < SIZE_MAX ? malloc((size_t)workspace_size) : 0;
	undefined.failed = calloc(modules->count + 1, 1);
	if (!result->workspace || !undefined.failed) {
		free(undefined.failed);
		return error("out of memory for linking %u modules", modules->count);
	}
	request = (struct ghost_link_request){
		.kernel_exports = kernel->exports,
		.kernel_export_count = kernel->export_count,
		.modules = modules->modules,
		.module_count = modules->count,
		.place = place_in_host_memory,
		.place_context = &placement,
		.workspace = result->workspace,
		.workspace_size = (size_t)workspace_size,
		.report_undefined = report_undefined,
		.report_context = &undefined,
		.table_base = kernel->linked_in_count,
	};
	if (ghost_link_modules(&request, result->linked, result->init_order, &failure))
		status = 0;
	else if (undefined.required) /* each undefined symbol has had its line */
		status = -1;
	else if (drop_failed_optional(modules, undefined.failed, &failure))
		status = 1;
	else if (failure.module_index < modules->count &&
		 modules->modules[failure.module_index].mode == GHOST_LINK_PROGRAM)
		status = error("program %s", failure.text);
	else
		status = ghost_error_report(&failure, kernel->path);
	free(undefined.failed);
	return status;
}

/* One try at linking every module left: 0, 1 (optional ones dropped, try
 * again) or -1. */
static int link_once(struct prelink *result, const struct kernel_elf *kernel,
		     struct module_files *modules)
{
	uint32_t count = modules->count, i;
	int status;

	result->count = count;
	result->linked = calloc(count + 1, sizeof(*result->linked));
	result->init_order = calloc(count + 1, sizeof(*result->init_order));
	result->images = calloc(count + 1, sizeof(*result->images));
	if (!result->linked || !result->init_order || !result->images)
		return error("out of memory");
	status = link_placed(result, kernel, modules,
			     (kernel->virt_end + PRELINK_AREA_ALIGN - 1) & ~(PRELINK_AREA_ALIGN - 1));
	for (i = 0; status == 0 && i < count; i++) {
		const struct ghost_linked_module *l = &result->linked[i];
		status = check_physical(kernel, modules->modules[i].name,
					l->virt_addr - result->virt_to_phys, l->size);
	}
	return status;
}

int prelink_modules(struct prelink *result, const struct kernel_elf *kernel,
		    struct module_files *modules)
{
	uint64_t virt_to_phys = 0;
	int status;

	*result = (struct prelink){ 0 };
	if (kernel->virt_end <= KERNEL_CODE_MODEL_BASE)
		return error("kernel %s: not linked in the top 2 GiB, where modules must run "
			     "beside it",
			     kernel->path);
	if (kernel->virt_end > 0 - PRELINK_AREA_ALIGN)
		return error("kernel %s: no room for modules after its last segment",
			     kernel->path);
	if (find_virt_to_phys(kernel, &virt_to_phys) != 0)
		return -1;
	/* Each round drops at least one module, or ends. */
	do {
		prelink_free(result);
		result->virt_to_phys = virt_to_phys;
		status = link_once(result, kernel, modules);
	} while (status == 1);
	if (status != 0)
		prelink_free(result);
	return status;
}

void prelink_free(struct prelink *result)
{
	uint32_t i;

	for (i = 0; result->images && i < result->count; i++)
		free(result->images[i]);
	free(result->images);
	free(result->linked);
	free(result->init_order);
	free(result->workspace);
	*result = (struct prelink){ 0 };
}
