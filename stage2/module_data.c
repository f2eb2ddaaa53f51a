#include "stage2/module_data.h"

#include "ghost/ghost.h"
#include "stage2/console.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/module_link.h"

#define COPY_ALIGN 8u
#define COPIES_MAX 0x40000000ull /* far beyond what modules of the kernel code model hold */

/* A module linked into the kernel: its data is the kernel's writable
 * segment inside its image; none when it has no such segment. */
static void prelinked_data(const struct loaded_kernel *kernel, const struct gb_module *m,
			   struct gb_module_runtime *r, const uint8_t **bytes)
{
	for (uint32_t i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		if (!(p->p_flags & PF_W) || p->p_vaddr < m->virt_addr ||
		    p->p_vaddr - m->virt_addr > m->size || p->p_memsz > m->size - (p->p_vaddr - m->virt_addr))
			continue;
		r->data_offset = p->p_vaddr - m->virt_addr;
		r->data_size = p->p_memsz;
		*bytes = memory_at(p->p_paddr);
		r->data_copy_size = ghost_region_used_size(*bytes, p->p_filesz);
		return;
	}
}

/* The data region of module `index`, where its bytes lie now, and how many
 * of them a copy keeps. */
static const uint8_t *data_region(const struct loaded_kernel *kernel, const struct module_set *set,
				  uint32_t index, uint32_t prelinked_count)
{
	const struct gb_module *m = &set->modules[index];
	struct gb_module_runtime *r = &set->runtime[index];
	const uint8_t *bytes = 0;
	if (m->flags & GB_MODULE_PRELINKED) {
		prelinked_data(kernel, m, r, &bytes);
		return bytes;
	}
	struct ghost_region data = modules_linked_data(index - prelinked_count);
	r->data_offset = data.offset;
	r->data_size = data.size;
	bytes = (const uint8_t *)(uintptr_t)m->phys_addr + data.offset;
	r->data_copy_size = ghost_region_used_size(bytes, data.size);
	return bytes;
}

void module_data_keep(const struct loaded_kernel *kernel, struct module_set *set,
		      uint32_t restart_limit)
{
	const uint8_t *bytes[MODULES_MAX];
	uint32_t prelinked_count = 0;
	uint64_t total = 0;
	for (uint32_t i = 0; i < set->count; i++) {
		bytes[i] = data_region(kernel, set, i, prelinked_count);
		prelinked_count += (set->modules[i].flags & GB_MODULE_PRELINKED) != 0;
		total += ALIGN_UP(set->runtime[i].data_copy_size, COPY_ALIGN);
	}
	/* Without restarts the kernel never reads a copy: none is made. */
	if (restart_limit == 0 || total == 0) {
		for (uint32_t i = 0; i < set->count; i++)
			set->runtime[i].data_copy_size = 0;
		return;
	}
	if (total > COPIES_MAX)
		panic("out of memory for copies of the modules' data (%llu bytes)",
		      (unsigned long long)total);
	uint8_t *copies = memory_allocate((uint32_t)total);
	if (!copies)
		panic("out of memory for copies of the modules' data (%llu bytes)",
		      (unsigned long long)total);
	for (uint32_t i = 0; i < set->count; i++) {
		struct gb_module_runtime *r = &set->runtime[i];
		if (r->data_copy_size == 0)
			continue;
		memcpy(copies, bytes[i], (size_t)r->data_copy_size);
		r->data_copy = (uintptr_t)copies;
		copies += ALIGN_UP(r->data_copy_size, COPY_ALIGN);
	}
	console_printf("ghostboot: kept %llu bytes of module data for up to %u restarts\n",
		       (unsigned long long)total, restart_limit);
}
