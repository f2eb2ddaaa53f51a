/* The linked modules' registry. An entry is trusted only as far as it was
 * checked here: its image page-aligned in the top 2 GiB, clear of the kernel
 * and of the other images; init and the export table inside the image;
 * dependencies earlier in the table, as init order requires. */
#include "kernel/linked_modules.h"

#include "kernel/bootinfo.h"
#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/layout.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

#define TOP_2_GIB 0xffffffff80000000ull
#define PAGE_SIZE 4096u

static struct linked_module modules[MODULES_MAX];
static uint32_t module_count;

/* Whether [address, address + length) lies in m's image. */
static bool in_image(const struct linked_module *m, uint64_t address, uint64_t length)
{
	return address >= m->start && address <= m->end && length <= m->end - address;
}

static bool images_overlap(const struct linked_module *a, const struct linked_module *b)
{
	return a->start < b->end && b->start < a->end;
}

bool linked_image_check(uint64_t start, uint64_t size, bool in_kernel, char *why)
{
	if (start < TOP_2_GIB || start % PAGE_SIZE)
		return reason(why, "image at %#lx is not page-aligned in the top 2 GiB", start);
	if (size == 0 || size % PAGE_SIZE || size > 0 - start)
		return reason(why, "image of %#lx bytes at %#lx is not whole pages below 2^64", size,
			      start);
	struct linked_module image = { .start = start, .end = start + size };
	struct linked_module kernel = { .start = (uint64_t)(uintptr_t)__kernel_start,
					.end = (uint64_t)(uintptr_t)__kernel_end };
	if (!in_kernel && images_overlap(&image, &kernel))
		return reason(why, "image %#lx-%#lx overlaps the kernel", image.start, image.end);
	for (uint32_t j = 0; j < module_count; j++) {
		if (modules[j].end && images_overlap(&image, &modules[j]))
			return reason(why, "image %#lx-%#lx overlaps module %s", image.start,
				      image.end, modules[j].name);
	}
	return true;
}

static bool check_image(const struct gb_module *e, struct linked_module *m, char *why)
{
	/* A module linked into the kernel by `ghostboot link` lies in it. */
	if (!linked_image_check(e->virt_addr, e->size, e->flags & GB_MODULE_PRELINKED, why))
		return false;
	m->start = e->virt_addr;
	m->end = e->virt_addr + e->size;
	return true;
}

static bool check_entry_points(const struct gb_module *e, struct linked_module *m, char *why)
{
	if (e->init && !in_image(m, e->init, 1))
		return reason(why, "init %#lx is outside its image", e->init);
	if (e->exit && !in_image(m, e->exit, 1))
		return reason(why, "exit %#lx is outside its image", e->exit);
	uint64_t table_size = (uint64_t)e->export_count * sizeof(struct gb_export);
	if ((e->exports || e->export_count) &&
	    (e->exports % 8 || !in_image(m, e->exports, table_size)))
		return reason(why, "%u exports at %#lx are not an aligned table inside its image",
			      e->export_count, e->exports);
	m->init = e->init;
	m->exit = e->exit;
	m->exports = (const struct gb_export *)(uintptr_t)e->exports;
	m->export_count = e->export_count;
	return true;
}

/* Init order puts every module after those it imports from. */
static bool check_depends(const struct gb_module *e, uint32_t index, struct linked_module *m,
			  char *why)
{
	if (e->depends_count == 0)
		return true;
	if (e->depends % 4 ||
	    !phys_range_ok(e->depends, (uint64_t)e->depends_count * sizeof(uint32_t)))
		return reason(why, "%u dependencies at %#lx are not an aligned array below 4 GiB",
			      e->depends_count, e->depends);
	const uint32_t *depends = phys_ptr(e->depends);
	for (uint32_t d = 0; d < e->depends_count; d++) {
		if (depends[d] >= index)
			return reason(why, "depends on module %u, which does not come before it",
				      depends[d]);
	}
	m->depends = depends;
	m->depends_count = e->depends_count;
	return true;
}

static void register_entry(const struct gb_module *e, uint32_t index)
{
	struct linked_module *m = &modules[index];
	const char *name = phys_string(e->name, BOOTINFO_STRING_MAX);
	char why[REASON_MAX];
	*m = (struct linked_module){ .name = name && *name ? name : "?" };
	if (e->virt_addr == 0) {
		m->status = MODULE_UNLINKED;
		return;
	}
	if (!name || !*name) {
		m->status = MODULE_REJECTED;
		kprintf("module %u: rejected: its name at %#lx is not a string\n", index, e->name);
		return;
	}
	if (!check_image(e, m, why) || !check_entry_points(e, m, why) ||
	    !check_depends(e, index, m, why)) {
		m->status = MODULE_REJECTED;
		kprintf("module %s: rejected: %s\n", m->name, why);
		return;
	}
	m->status = MODULE_PENDING;
}

void linked_modules_register(const struct module_table *table)
{
	/* While entry i registers, module_count is i: the modules before it. */
	for (module_count = 0; module_count < table->count; module_count++)
		register_entry(&table->entries[module_count], module_count);
}

uint32_t linked_module_count(void)
{
	return module_count;
}

struct linked_module *linked_module(uint32_t index)
{
	return index < module_count ? &modules[index] : 0;
}

uint32_t linked_module_index(const struct linked_module *m)
{
	return (uint32_t)(m - modules);
}

struct linked_module *linked_module_at(uint64_t address)
{
	for (uint32_t i = 0; i < module_count; i++) {
		if (modules[i].end && in_image(&modules[i], address, 1))
			return &modules[i];
	}
	return 0;
}

struct linked_module *linked_module_named(const char *name, size_t length)
{
	for (uint32_t i = 0; i < module_count; i++) {
		const char *n = modules[i].name;
		if (kstrnlen(n, length + 1) == length && memcmp(n, name, length) == 0)
			return &modules[i];
	}
	return 0;
}

/* The export's name, if it is a string inside the image. */
static const char *export_name(const struct linked_module *m, const struct gb_export *x)
{
	uint64_t at = (uint64_t)(uintptr_t)x->name;
	if (!in_image(m, at, 1))
		return 0;
	const char *name = x->name;
	return kstrnlen(name, m->end - at) < m->end - at ? name : 0;
}

const char *linked_module_export_name(const struct linked_module *m, uint32_t index)
{
	return index < m->export_count ? export_name(m, &m->exports[index]) : 0;
}

uint64_t linked_module_export(const struct linked_module *m, const char *name)
{
	for (uint32_t i = 0; i < m->export_count; i++) {
		const char *n = export_name(m, &m->exports[i]);
		if (n && strcmp(n, name) == 0)
			return (uint64_t)(uintptr_t)m->exports[i].address;
	}
	return 0;
}

const char *module_status_name(enum module_status status)
{
	switch (status) {
	case MODULE_UNLINKED:
		return "not linked";
	case MODULE_REJECTED:
		return "rejected";
	case MODULE_PENDING:
		return "not initialised yet";
	case MODULE_READY:
		return "ready";
	case MODULE_INIT_FAILED:
		return "disabled, its init failed";
	case MODULE_FAULTED:
		return "disabled by a fault";
	case MODULE_DEPENDENCY_DISABLED:
		return "disabled with a dependency";
	case MODULE_EXITING:
		return "exiting for a restart";
	}
	return "in an unknown state";
}
