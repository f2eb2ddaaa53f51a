#include "cli/link/kernel_elf.h"

#include <stdlib.h>
#include <string.h>

#include <ghostboot/export.h>

#include "cli/common/diag.h"
#include "cli/link/ghost_messages.h"
#include "ghost/prelinked_isolation.h"

/* ghost_elf_open checked the program headers; the CLI's own rule: at least
 * one segment to load. */
static int read_segments(struct kernel_elf *kernel)
{
	uint32_t i;

	kernel->segment_count = kernel->elf.header.e_phnum;
	kernel->segments = malloc(kernel->segment_count * sizeof(Elf64_Phdr));
	if (!kernel->segments)
		return error("out of memory");
	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];

		kernel->segments[i] = ghost_elf_segment(&kernel->elf, i);
		if (p->p_type == PT_LOAD && p->p_memsz && p->p_vaddr + p->p_memsz > kernel->virt_end)
			kernel->virt_end = p->p_vaddr + p->p_memsz;
	}
	if (kernel->virt_end == 0)
		return error("kernel %s: no loadable segment", kernel->path);
	return 0;
}

static int read_exports(struct kernel_elf *kernel)
{
	struct ghost_error failure;

	if (!ghost_read_kernel_exports(&kernel->elf, 0, 0, &kernel->export_count, &failure))
		return ghost_error_report(&failure, kernel->path);
	kernel->own_export_count = kernel->export_count;
	/* One spare entry, so that a kernel without exports is an allocation. */
	kernel->exports = calloc((size_t)kernel->export_count + 1, sizeof(*kernel->exports));
	if (!kernel->exports)
		return error("out of memory for the exports of %s", kernel->path);
	if (!ghost_read_kernel_exports(&kernel->elf, kernel->exports, kernel->export_count,
				       &kernel->export_count, &failure))
		return ghost_error_report(&failure, kernel->path);
	return 0;
}

/* Copies `length` bytes at virtual address `virt` out of the segment that
 * holds them all; past a segment's file image its memory reads as zeros,
 * as the loader leaves it. Returns 0, or -1 when no segment holds them. */
static int copy_at(const struct kernel_elf *kernel, uint64_t virt, void *out, uint64_t length)
{
	uint32_t i;

	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		uint64_t at = virt - p->p_vaddr, in_file;
		if (p->p_type != PT_LOAD || virt < p->p_vaddr || at > p->p_memsz ||
		    length > p->p_memsz - at)
			continue;
		in_file = at < p->p_filesz ? p->p_filesz - at : 0;
		if (in_file > length)
			in_file = length;
		memset(out, 0, (size_t)length);
		memcpy(out, kernel->elf.bytes + p->p_offset + at, (size_t)in_file);
		return 0;
	}
	return -1;
}

/* A copy of the NUL-terminated export name at `virt`, of at most 255
 * characters as stage 2 accepts; 0 when there is none. */
static char *name_at(const struct kernel_elf *kernel, uint64_t virt)
{
	char name[256];
	size_t length;

	for (length = 0; length < sizeof(name); length++) {
		if (copy_at(kernel, virt + length, &name[length], 1) != 0)
			return 0;
		if (name[length] == '\0')
			return length ? strdup(name) : 0;
	}
	return 0;
}

/* The .gbprelinked table and its modules' exports, checked as stage 2
 * checks them (stage2/prelinked.c). */
static int read_linked_in(struct kernel_elf *kernel)
{
	struct gb_prelinked_header header;
	const uint8_t *bytes;
	Elf64_Shdr section;
	struct ghost_export *grown;
	uint32_t i, j;
	size_t total = 0;

	if (!kernel_elf_find_section(kernel, GB_PRELINKED_SECTION, &section))
		return 0;
	bytes = ghost_elf_section_bytes(&kernel->elf, &section);
	if (section.sh_type != SHT_PROGBITS || section.sh_size < sizeof(header))
		return error("kernel %s: malformed %s", kernel->path, GB_PRELINKED_SECTION);
	memcpy(&header, bytes, sizeof(header));
	if (header.magic != GB_PRELINKED_MAGIC || header.count > GB_PRELINKED_MAX ||
	    section.sh_size < sizeof(header) + header.count * sizeof(*kernel->linked_in))
		return error("kernel %s: malformed %s", kernel->path, GB_PRELINKED_SECTION);
	kernel->linked_in = calloc(header.count + 1, sizeof(*kernel->linked_in));
	kernel->linked_in_isolation = calloc(header.count + 1, sizeof(*kernel->linked_in_isolation));
	if (!kernel->linked_in || !kernel->linked_in_isolation)
		return error("out of memory");
	memcpy(kernel->linked_in, bytes + sizeof(header), header.count * sizeof(*kernel->linked_in));
	kernel->linked_in_count = header.count;
	/* A table written before isolation ends with its entries. */
	size_t isolation_at = sizeof(header) + header.count * sizeof(*kernel->linked_in);
	if (section.sh_size >= isolation_at + header.count * sizeof(struct gb_isolation))
		memcpy(kernel->linked_in_isolation, bytes + isolation_at,
		       header.count * sizeof(struct gb_isolation));
	else
		for (i = 0; i < header.count; i++)
			kernel->linked_in[i].flags &= ~GB_PRELINKED_ISOLATED;
	for (i = 0; i < header.count; i++) {
		const char *why = ghost_prelinked_isolation_problem(&kernel->linked_in[i],
								    &kernel->linked_in_isolation[i]);
		if (why)
			return error("kernel %s: %s: module %u: %s", kernel->path,
				     GB_PRELINKED_SECTION, i, why);
	}
	/* Each export takes 24 bytes of some segment: the file bounds their number. */
	for (i = 0; i < header.count; i++) {
		const struct gb_prelinked_module *m = &kernel->linked_in[i];
		if (!memchr(m->name, '\0', sizeof(m->name)) ||
		    m->export_count > kernel->elf.size / sizeof(struct gb_export) - total)
			return error("kernel %s: %s: module %u is malformed", kernel->path,
				     GB_PRELINKED_SECTION, i);
		total += m->export_count;
	}
	grown = realloc(kernel->exports,
			(kernel->export_count + total + 1) * sizeof(*kernel->exports));
	if (!grown)
		return error("out of memory");
	kernel->exports = grown;
	for (i = 0; i < header.count; i++) {
		const struct gb_prelinked_module *m = &kernel->linked_in[i];
		for (j = 0; j < m->export_count; j++) {
			struct gb_export entry;
			char *name = 0;
			if (copy_at(kernel, m->exports + j * sizeof(entry), &entry, sizeof(entry)) == 0)
				name = name_at(kernel, (uint64_t)(uintptr_t)entry.name);
			if (!name)
				return error("kernel %s: linked-in module %s: export %u lies outside "
					     "the kernel's segments",
					     kernel->path, m->name, j);
			uint64_t address = (uint64_t)(uintptr_t)entry.address;
			kernel->exports[kernel->export_count++] = (struct ghost_export){
				.name = name,
				.address = address,
				.version = entry.version,
				.gate = entry.gate,
				.function = ghost_kernel_address_executable(&kernel->elf, address),
				.isolated = (m->flags & GB_PRELINKED_ISOLATED) != 0,
				.table = i + 1,
				.table_index = j,
			};
		}
	}
	return 0;
}

int kernel_elf_read(struct kernel_elf *kernel, const struct file_bytes *file)
{
	struct ghost_error failure;

	*kernel = (struct kernel_elf){ .path = file->path };
	if (!ghost_elf_open(&kernel->elf, file->bytes, file->size, "kernel", GHOST_NO_MODULE,
			    ET_EXEC, &failure))
		return ghost_error_report(&failure, file->path);
	if (read_segments(kernel) != 0 || read_exports(kernel) != 0 || read_linked_in(kernel) != 0) {
		kernel_elf_free(kernel);
		return -1;
	}
	return 0;
}

void kernel_elf_free(struct kernel_elf *kernel)
{
	uint32_t i;

	/* The names of linked-in modules' exports are copies; the kernel's own
	 * point into its file. */
	for (i = kernel->own_export_count; kernel->exports && i < kernel->export_count; i++)
		free((char *)kernel->exports[i].name);
	free(kernel->segments);
	free(kernel->exports);
	free(kernel->linked_in);
	free(kernel->linked_in_isolation);
	kernel->linked_in_isolation = 0;
	kernel->segments = 0;
	kernel->exports = 0;
	kernel->linked_in = 0;
}

int kernel_elf_find_section(const struct kernel_elf *kernel, const char *name,
			    Elf64_Shdr *section)
{
	uint32_t i;

	for (i = 1; i < kernel->elf.header.e_shnum; i++) {
		*section = ghost_elf_section(&kernel->elf, i);
		if (strcmp(ghost_elf_section_name(&kernel->elf, section), name) == 0)
			return 1;
	}
	return 0;
}
