#include "kernel/modules.h"

#include "kernel/bootinfo.h"
#include "kernel/isolation.h"
#include "kernel/kprintf.h"
#include "kernel/module_image.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

bool modules_get(const struct gb_bootinfo *bi, struct module_table *table, char *why)
{
	uint32_t count = bi->module_count;
	table->entries = 0;
	table->count = 0;
	table->runtime = 0;
	if (count == 0)
		return true;
	if (count > MODULES_MAX)
		return reason(why, "module count %u exceeds %u", count, MODULES_MAX);
	if (!phys_range_ok(bi->modules, (uint64_t)count * sizeof(struct gb_module)) ||
	    bi->modules % 8)
		return reason(why, "module table at %#lx (%u entries) is not aligned below 4 GiB",
			      bi->modules, count);
	if (bi->module_runtime &&
	    (!phys_range_ok(bi->module_runtime,
			    (uint64_t)count * sizeof(struct gb_module_runtime)) ||
	     bi->module_runtime % 8))
		return reason(why, "module runtime at %#lx (%u entries) is not aligned below 4 GiB",
			      bi->module_runtime, count);
	table->entries = phys_ptr(bi->modules);
	table->count = count;
	table->runtime = bi->module_runtime ? phys_ptr(bi->module_runtime) : 0;
	return true;
}

static const char *string_or(uint64_t addr, const char *fallback)
{
	const char *s = phys_string(addr, BOOTINFO_STRING_MAX);
	return s ? s : fallback;
}

void modules_print(const struct module_table *table)
{
	kprintf("modules: %u\n", table->count);
	for (uint32_t i = 0; i < table->count; i++) {
		const struct gb_module *m = &table->entries[i];
		kprintf("  %-12s %s at %#lx, %lu bytes%s%s%s\n", string_or(m->name, "<bad name>"),
			string_or(m->path, "<bad path>"), m->file_addr, m->file_size,
			m->flags & GB_MODULE_OPTIONAL ? ", optional" : "",
			m->flags & GB_MODULE_HASH_VERIFIED ? ", sha256 verified" : "",
			m->flags & GB_MODULE_PRELINKED ? ", linked into the kernel" : "");
		if (m->virt_addr)
			kprintf("  %-12s image %#lx-%#lx, init %#lx, %u exports, %u dependencies\n",
				"", m->virt_addr, m->virt_addr + m->size, m->init, m->export_count,
				m->depends_count);
		if (m->flags & GB_MODULE_ISOLATED && table->runtime)
			isolation_print(string_or(m->name, "<bad name>"),
					&table->runtime[i].isolation);
	}
}

static bool overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* Placement: called only for modules whose ranges passed phys_range_ok. */
static bool check_placement(const struct gb_bootinfo *bi, const struct module_table *table,
			    uint32_t i, const struct memmap *map, const char *name, char *why)
{
	const struct gb_module *m = &table->entries[i];
	if (!memmap_covers(map, m->file_addr, m->file_addr + m->file_size, GB_MEMORY_LOADER))
		return reason(why, "module %s at %#lx-%#lx is not in loader memory", name,
			      m->file_addr, m->file_addr + m->file_size);
	if (overlaps(m->file_addr, m->file_size, bi->kernel_phys_start,
		     bi->kernel_phys_end - bi->kernel_phys_start))
		return reason(why, "module %s at %#lx overlaps the kernel", name, m->file_addr);
	for (uint32_t j = 0; j < i; j++) {
		const struct gb_module *other = &table->entries[j];
		if (overlaps(m->file_addr, m->file_size, other->file_addr, other->file_size))
			return reason(why, "module %s at %#lx overlaps module %u", name, m->file_addr,
				      j);
	}
	return true;
}

static bool check_module(const struct gb_bootinfo *bi, const struct module_table *table,
			 uint32_t i, const struct memmap *map, char *why)
{
	const struct gb_module *m = &table->entries[i];
	const char *name = phys_string(m->name, BOOTINFO_STRING_MAX);
	if (!name || !*name)
		return reason(why, "module %u: name at %#lx is not a non-empty string", i, m->name);
	if (!phys_string(m->path, BOOTINFO_STRING_MAX))
		return reason(why, "module %s: path at %#lx is not a string", name, m->path);
	if (m->file_addr == 0 && m->flags & GB_MODULE_PRELINKED) {
		kprintf("  module %s: linked into the kernel, no file to check\n", name);
		return true;
	}
	if (m->file_size == 0 || !phys_range_ok(m->file_addr, m->file_size))
		return reason(why, "module %s: %lu bytes at %#lx are not below 4 GiB", name, m->file_size,
			      m->file_addr);
	if (!check_placement(bi, table, i, map, name, why))
		return false;

	struct module_image image;
	char image_why[REASON_MAX];
	if (!module_image_check(phys_ptr(m->file_addr), m->file_size, name, &image, image_why))
		return reason(why, "module %s: %s", name, image_why);
	kprintf("  module %s: intact, %u sections, declares \"%s\"\n", name, image.section_count,
		image.name);
	return true;
}

bool modules_check(const struct gb_bootinfo *bi, const struct module_table *table,
		   const struct memmap *map, char *why)
{
	for (uint32_t i = 0; i < table->count; i++) {
		if (!check_module(bi, table, i, map, why))
			return false;
	}
	return true;
}
