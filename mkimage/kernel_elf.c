#include "kernel_elf.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ghost_messages.h"

/* gABI "Program Header": 0xffff in e_phnum means the count is elsewhere. */
#define PN_XNUM 0xffff

static int check_segment(const struct kernel_elf *kernel, const Elf64_Phdr *p, uint32_t index)
{
	size_t size = kernel->elf.size;

	if (p->p_type != PT_LOAD)
		return 0;
	if (p->p_filesz > p->p_memsz || p->p_offset > size || p->p_filesz > size - p->p_offset)
		return error("kernel %s: segment %u: its bytes lie outside the file or exceed "
			     "its memory size",
			     kernel->path, index);
	if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_paddr + p->p_memsz < p->p_paddr)
		return error("kernel %s: segment %u: its addresses wrap around", kernel->path,
			     index);
	return 0;
}

static int read_segments(struct kernel_elf *kernel)
{
	const Elf64_Ehdr *h = &kernel->elf.header;
	size_t size = kernel->elf.size;
	uint32_t i;

	if (h->e_phnum == 0 || h->e_phnum == PN_XNUM || h->e_phentsize != sizeof(Elf64_Phdr) ||
	    h->e_phoff > size || (uint64_t)h->e_phnum * sizeof(Elf64_Phdr) > size - h->e_phoff)
		return error("kernel %s: no program header table, or one outside the file",
			     kernel->path);
	kernel->segment_count = h->e_phnum;
	kernel->segments = malloc(kernel->segment_count * sizeof(Elf64_Phdr));
	if (!kernel->segments)
		return error("out of memory");
	memcpy(kernel->segments, kernel->elf.bytes + h->e_phoff,
	       kernel->segment_count * sizeof(Elf64_Phdr));
	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		if (check_segment(kernel, p, i) != 0)
			return -1;
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
	const uint8_t *bytes = kernel->elf.bytes;
	size_t size = kernel->elf.size;

	if (!ghost_read_kernel_exports(bytes, size, 0, 0, &kernel->export_count, &failure))
		return ghost_error_report(&failure, kernel->path);
	/* One spare entry, so that a kernel without exports is an allocation. */
	kernel->exports = calloc((size_t)kernel->export_count + 1, sizeof(*kernel->exports));
	if (!kernel->exports)
		return error("out of memory for the exports of %s", kernel->path);
	if (!ghost_read_kernel_exports(bytes, size, kernel->exports, kernel->export_count,
				       &kernel->export_count, &failure))
		return ghost_error_report(&failure, kernel->path);
	return 0;
}

int kernel_elf_read(struct kernel_elf *kernel, const struct file_bytes *file)
{
	struct ghost_error failure;

	*kernel = (struct kernel_elf){ .path = file->path };
	if (!ghost_elf_open(&kernel->elf, file->bytes, file->size, "kernel", GHOST_NO_MODULE,
			    ET_EXEC, &failure))
		return ghost_error_report(&failure, file->path);
	if (read_segments(kernel) != 0 || read_exports(kernel) != 0) {
		kernel_elf_free(kernel);
		return -1;
	}
	return 0;
}

void kernel_elf_free(struct kernel_elf *kernel)
{
	free(kernel->segments);
	free(kernel->exports);
	kernel->segments = 0;
	kernel->exports = 0;
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
