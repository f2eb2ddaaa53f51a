#include "kernel/restart_data.h"

#include "kernel/phys.h"
#include "kernel/reason.h"

bool restart_data_check(const struct gb_module_runtime *r, uint64_t image_size,
			const struct memmap *map, uint64_t kernel_start, uint64_t kernel_end,
			const struct module_table *modules, struct restart_data *data, char *why)
{
	if (r->data_offset > image_size || r->data_size > image_size - r->data_offset)
		return reason(why, "data region of %#lx bytes at offset %#lx is outside its image",
			      r->data_size, r->data_offset);
	if (r->data_copy_size > r->data_size)
		return reason(why, "data copy of %#lx bytes is larger than its data region",
			      r->data_copy_size);
	if (r->data_copy_size) {
		if (!phys_range_ok(r->data_copy, r->data_copy_size))
			return reason(why, "data copy of %#lx bytes at %#lx is not below 4 GiB",
				      r->data_copy_size, r->data_copy);
		uint64_t end = r->data_copy + r->data_copy_size;
		if (!memmap_covers(map, r->data_copy, end, GB_MEMORY_LOADER))
			return reason(why, "data copy at %#lx-%#lx is not in loader memory",
				      r->data_copy, end);
		if (r->data_copy < kernel_end && kernel_start < end)
			return reason(why, "data copy at %#lx-%#lx overlaps the kernel", r->data_copy,
				      end);
		for (uint32_t i = 0; i < modules->count; i++) {
			const struct gb_module *m = &modules->entries[i];
			if (r->data_copy < m->phys_addr + m->size && m->phys_addr < end)
				return reason(why, "data copy at %#lx-%#lx overlaps module %u's image",
					      r->data_copy, end, i);
		}
	}
	*data = (struct restart_data){ .restartable = true, .offset = r->data_offset,
				       .size = r->data_size, .copy = phys_ptr(r->data_copy),
				       .copy_size = r->data_copy_size };
	return true;
}
