#include "stage2/prelinked.h"

#include <ghostboot/export.h>

#include "ghost/elf_file.h"
#include "ghost/prelinked_isolation.h"
#include "stage2/console.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/paging.h"

#define PRELINKED_IMAGE_MAX 0x40000000ull
#define EXPORT_NAME_MAX 256
#define PRELINKED_EXPORTS_MAX 65536u

/* The kernel segment holding every byte of [virt, virt + size), or 0. */
static const Elf64_Phdr *kernel_segment(const struct loaded_kernel *k, uint64_t virt,
					uint64_t size)
{
	if (virt + size < virt)
		return 0;
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		if (virt >= p->p_vaddr && virt + size <= p->p_vaddr + p->p_memsz)
			return p;
	}
	return 0;
}

/* A module image spans its text, read-only and data segments: each page of
 * it must lie in some kernel segment. */
static int in_kernel_segments(const struct loaded_kernel *k, uint64_t virt, uint64_t size)
{
	if (size == 0 || virt + size < virt)
		return 0;
	for (uint64_t page = virt; page < virt + size; page += PAGE_SIZE) {
		uint64_t left = virt + size - page;
		if (!kernel_segment(k, page, left < PAGE_SIZE ? left : PAGE_SIZE))
			return 0;
	}
	return 1;
}

static const uint8_t *find_table(const struct loaded_kernel *k, uint64_t *size)
{
	const struct ghost_elf_file *elf = &k->elf;
	for (uint32_t i = 0; i < elf->header.e_shnum; i++) {
		Elf64_Shdr section = ghost_elf_section(elf, i);
		if (strcmp(ghost_elf_section_name(elf, &section), GB_PRELINKED_SECTION) == 0 &&
		    section.sh_type != SHT_NOBITS) {
			*size = section.sh_size;
			/* kernel_load holds it (stage2/kernel_load.c). */
			return ghost_elf_section_bytes(elf, &section);
		}
	}
	return 0;
}

static const char *check_entry(const struct loaded_kernel *k, const struct gb_prelinked_module *e)
{
	if (e->name[0] == 0 || e->name[GB_PRELINKED_NAME_MAX - 1] != 0)
		return "a module name is empty or not terminated";
	if (e->size > PRELINKED_IMAGE_MAX || !in_kernel_segments(k, e->virt_addr, e->size))
		return "a module lies outside the kernel's segments";
	if (e->init && !kernel_segment(k, e->init, 1))
		return "a module's init lies outside the kernel's segments";
	if (e->exit && !kernel_segment(k, e->exit, 1))
		return "a module's exit lies outside the kernel's segments";
	if (e->export_count > PRELINKED_IMAGE_MAX / sizeof(struct gb_export) ||
	    (e->export_count &&
	     !in_kernel_segments(k, e->exports, e->export_count * sizeof(struct gb_export))))
		return "a module's exports lie outside the kernel's segments";
	return 0;
}

/* Where the loader reads the `length` bytes at kernel virtual address
 * `virt` (memory_at), which the kernel's segments must hold; 0 when they
 * do not. */
static const uint8_t *kernel_bytes(const struct loaded_kernel *k, uint64_t virt, uint64_t length)
{
	const Elf64_Phdr *segment = kernel_segment(k, virt, length);
	return segment ? memory_at(segment->p_paddr + (virt - segment->p_vaddr)) : 0;
}

/* A NUL-terminated name of at most EXPORT_NAME_MAX bytes at `virt`. */
static const char *kernel_string(const struct loaded_kernel *k, uint64_t virt)
{
	for (uint64_t length = 1; length <= EXPORT_NAME_MAX; length++) {
		const uint8_t *bytes = kernel_bytes(k, virt, length);
		if (!bytes)
			return 0;
		if (bytes[length - 1] == 0)
			return length > 1 ? (const char *)bytes : 0;
	}
	return 0;
}

static void read_exports(const struct loaded_kernel *k, const char *path,
			 struct prelinked_set *p)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < p->count; i++)
		total += p->entries[i].export_count;
	if (total > PRELINKED_EXPORTS_MAX)
		panic("kernel %s: its linked-in modules export more than %u symbols", path,
		      PRELINKED_EXPORTS_MAX);
	p->exports = memory_allocate((uint32_t)total * (uint32_t)sizeof *p->exports + 1);
	p->export_owner = memory_allocate((uint32_t)total + 1);
	if (!p->exports || !p->export_owner)
		panic("out of memory for the exports of the kernel's linked modules");
	for (uint32_t i = 0; i < p->count; i++) {
		const struct gb_prelinked_module *e = &p->entries[i];
		for (uint32_t j = 0; j < e->export_count; j++) {
			struct gb_export entry;
			const uint8_t *raw = kernel_bytes(k, e->exports + j * sizeof entry, sizeof entry);
			if (raw)
				memcpy(&entry, raw, sizeof entry);
			const char *name = raw ? kernel_string(k, entry.name) : 0;
			if (!name || !kernel_segment(k, entry.address, 1))
				panic("kernel %s: module %s: export %u is not in the kernel's segments",
				      path, e->name, j);
			p->exports[p->export_count] = (struct ghost_export){
				.name = name,
				.address = entry.address,
				.version = entry.version,
				.gate = entry.gate,
				.function = ghost_kernel_address_executable(&k->elf, entry.address),
				.isolated = (e->flags & GB_PRELINKED_ISOLATED) != 0,
				.table = i + 1,
				.table_index = j,
			};
			p->export_owner[p->export_count++] = (uint8_t)i;
		}
	}
}

void prelinked_read(const struct loaded_kernel *k, const char *path, struct prelinked_set *p)
{
	uint64_t size;
	p->count = p->export_count = 0;
	const uint8_t *bytes = find_table(k, &size);
	if (!bytes)
		return;
	struct gb_prelinked_header header;
	if (size < sizeof header)
		panic("kernel %s: %s is too short", path, GB_PRELINKED_SECTION);
	memcpy(&header, bytes, sizeof header);
	if (header.magic != GB_PRELINKED_MAGIC || header.count > GB_PRELINKED_MAX ||
	    size < sizeof header + header.count * sizeof(struct gb_prelinked_module))
		panic("kernel %s: %s is malformed", path, GB_PRELINKED_SECTION);
	/* Tables written before isolation end with the entries: all direct. */
	uint64_t isolation_at = sizeof header + header.count * sizeof(struct gb_prelinked_module);
	bool has_isolation = size >= isolation_at + header.count * sizeof(struct gb_isolation);
	for (uint32_t i = 0; i < header.count; i++) {
		memcpy(&p->entries[i], bytes + sizeof header + i * sizeof p->entries[i],
		       sizeof p->entries[i]);
		memset(&p->isolation[i], 0, sizeof p->isolation[i]);
		if (has_isolation)
			memcpy(&p->isolation[i],
			       bytes + isolation_at + i * sizeof p->isolation[i],
			       sizeof p->isolation[i]);
		else
			p->entries[i].flags &= ~GB_PRELINKED_ISOLATED;
		const char *why = check_entry(k, &p->entries[i]);
		if (!why)
			why = ghost_prelinked_isolation_problem(&p->entries[i], &p->isolation[i]);
		if (why)
			panic("kernel %s: %s: %s", path, GB_PRELINKED_SECTION, why);
	}
	p->count = header.count;
	read_exports(k, path, p);
}

void prelinked_prepend(const struct loaded_kernel *k, const char *path,
		       const struct prelinked_set *p, struct string_pool *strings,
		       struct module_set *set)
{
	uint32_t count = p->count;
	if (count == 0)
		return;
	if (set->count + count > MODULES_MAX)
		panic("kernel %s: more than %u modules", path, MODULES_MAX);
	uint32_t *depends = memory_allocate(count * count * (uint32_t)sizeof *depends + 4);
	if (!depends)
		panic("out of memory for the module table");
	memmove(set->modules + count, set->modules, set->count * sizeof *set->modules);
	for (uint32_t i = 0; i < count; i++) {
		const struct gb_prelinked_module *e = &p->entries[i];
		const Elf64_Phdr *segment = kernel_segment(k, e->virt_addr, 1);
		struct gb_module *m = &set->modules[i];
		*m = (struct gb_module){
			.name = string_pool_add_string(strings, e->name),
			.path = string_pool_add_string(strings, path),
			.virt_addr = e->virt_addr,
			.phys_addr = segment->p_paddr + (e->virt_addr - segment->p_vaddr),
			.size = e->size,
			.init = e->init,
			.exit = e->exit,
			.exports = e->exports,
			.export_count = e->export_count,
			.flags = GB_MODULE_PRELINKED | (e->flags & GB_PRELINKED_ISOLATED
								 ? GB_MODULE_ISOLATED : 0u),
			.depends = (uintptr_t)depends,
		};
		for (uint32_t j = 0; j < i; j++)
			if (e->depends_mask & (1ull << j))
				depends[m->depends_count++] = j;
		depends += m->depends_count;
	}
	set->count += count;
	console_printf("ghostboot: %u modules linked into the kernel at build time\n", count);
}

void prelinked_isolation_fill(const struct prelinked_set *p, struct module_set *set)
{
	for (uint32_t i = 0; i < p->count; i++)
		set->runtime[i].isolation = p->isolation[i];
}

void prelinked_map_isolated(const struct loaded_kernel *k, const char *path,
			    const struct prelinked_set *p, uint32_t pml4)
{
	for (uint32_t i = 0; i < p->count; i++) {
		const struct gb_isolation *iso = &p->isolation[i];
		if (!(p->entries[i].flags & GB_PRELINKED_ISOLATED))
			continue;
		for (uint64_t page = iso->user_start; page < iso->user_start + iso->user_size;
		     page += PAGE_SIZE) {
			const Elf64_Phdr *segment = kernel_segment(k, page, PAGE_SIZE);
			const char *why = "a page of it lies in no segment";
			if (!segment ||
			    paging_map(pml4, page, segment->p_paddr + (page - segment->p_vaddr),
				       PAGE_SIZE, PAGE_USER_TABLES, &why))
				panic("kernel %s: linked-in module %s: cannot map it: %s", path,
				      p->entries[i].name, why);
		}
	}
}
