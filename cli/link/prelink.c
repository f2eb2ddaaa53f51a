#include "cli/link/prelink.h"

#include <stdbool.h>
#include <stdlib.h>

#include "cli/common/diag.h"
#include "cli/link/ghost_messages.h"

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

struct undefined_report {
	const struct module_files *modules;
	unsigned count;
};

static void report_undefined(void *context, uint32_t module, const char *symbol)
{
	struct undefined_report *report = context;

	error("module %s: undefined symbol %s", report->modules->modules[module].name, symbol);
	report->count++;
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

static int link_placed(struct prelink *result, const struct kernel_elf *kernel,
		       const struct module_files *modules, uint64_t first_virt)
{
	struct placement placement = { first_virt, result->images };
	struct undefined_report undefined = { modules, 0 };
	uint64_t total = 0, workspace_size;
	struct ghost_link_request request;
	struct ghost_error failure;
	uint32_t i;

	for (i = 0; i < modules->count; i++)
		total += modules->modules[i].size;
	workspace_size = ghost_workspace_bound(total, modules->count, kernel->export_count);
	result->workspace = workspace_size < SIZE_MAX ? malloc((size_t)workspace_size) : 0;
	if (!result->workspace)
		return error("out of memory for linking %u modules", modules->count);
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
	};
	if (ghost_link_modules(&request, result->linked, result->init_order, &failure))
		return 0;
	/* Each undefined symbol has had its line. */
	if (failure.status == GHOST_ERROR_UNDEFINED_SYMBOL && undefined.count)
		return -1;
	return ghost_error_report(&failure, kernel->path);
}

int prelink_modules(struct prelink *result, const struct kernel_elf *kernel,
		    const struct module_files *modules)
{
	uint32_t count = modules->count, i;

	*result = (struct prelink){ .count = count };
	if (kernel->virt_end <= KERNEL_CODE_MODEL_BASE)
		return error("kernel %s: not linked in the top 2 GiB, where modules must run "
			     "beside it",
			     kernel->path);
	if (kernel->virt_end > 0 - PRELINK_AREA_ALIGN)
		return error("kernel %s: no room for modules after its last segment",
			     kernel->path);
	if (find_virt_to_phys(kernel, &result->virt_to_phys) != 0)
		return -1;
	result->linked = calloc(count + 1, sizeof(*result->linked));
	result->init_order = calloc(count + 1, sizeof(*result->init_order));
	result->images = calloc(count + 1, sizeof(*result->images));
	if (!result->linked || !result->init_order || !result->images) {
		prelink_free(result);
		return error("out of memory");
	}
	if (link_placed(result, kernel, modules,
			(kernel->virt_end + PRELINK_AREA_ALIGN - 1) & ~(PRELINK_AREA_ALIGN - 1)) !=
	    0) {
		prelink_free(result);
		return -1;
	}
	for (i = 0; i < count; i++) {
		const struct ghost_linked_module *l = &result->linked[i];
		if (check_physical(kernel, modules->modules[i].name,
				   l->virt_addr - result->virt_to_phys, l->size) != 0) {
			prelink_free(result);
			return -1;
		}
	}
	return 0;
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
