/* The native protocol: an ELF64 x86-64 executable whose segments stage 2
 * can load (by the rule of ghost/kernel_segments.c, which stage 2 applies)
 * and whose modules link against it as stage 2 links them
 * (cli/link/prelink.c). */
#include "cli/check/protocols.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/link/kernel_elf.h"
#include "cli/link/prelink.h"
#include "ghost/kernel_segments.h"

/* What lives below 1 MiB while stage 2 loads a kernel (docs/stage2.md,
 * "Memory"), to say what a low segment would overwrite. */
static const struct low_area {
	uint64_t start, end;
	const char *what;
} low_areas[] = {
	{ 0x00000, 0x00500, "the interrupt table and the BIOS data" },
	{ 0x00500, 0x07c00, "stage 1's variables and the real-mode stack" },
	{ 0x07c00, 0x08000, "the boot sector" },
	{ 0x08000, 0x70000, "stage 2" },
	{ 0x70000, 0x80000, "stage 2's disk buffer" },
	{ 0x80000, GHOST_KERNEL_LOAD_START, "the BIOS's memory and video memory" },
};

static const struct low_area *low_area_of(uint64_t start)
{
	size_t i;

	for (i = 0; i + 1 < sizeof(low_areas) / sizeof(low_areas[0]); i++)
		if (start < low_areas[i].end)
			break;
	return &low_areas[i];
}

/* One segment against stage 2's rule (ghost/kernel_segments.c), in words
 * that say where it goes. */
static int report_segment(const struct kernel_elf *kernel, uint32_t index,
			  enum ghost_segment_problem problem, uint32_t other)
{
	const Elf64_Phdr *p = &kernel->segments[index];
	unsigned long long start = p->p_paddr, end = p->p_paddr + p->p_memsz;
	const struct low_area *area = low_area_of(start);

	switch (problem) {
	case GHOST_SEGMENT_LOW:
		return error("kernel %s: segment %u (physical 0x%llx-0x%llx) loads below 1 MiB, "
			     "over %s (0x%llx-0x%llx)",
			     kernel->path, index, start, end, area->what,
			     (unsigned long long)area->start, (unsigned long long)area->end);
	case GHOST_SEGMENT_HIGH:
		return error("kernel %s: segment %u (physical 0x%llx, 0x%llx bytes) reaches past "
			     "4 GiB, where stage 2 cannot load it",
			     kernel->path, index, start, (unsigned long long)p->p_memsz);
	case GHOST_SEGMENT_OVERLAP:
		return error("kernel %s: segment %u overlaps segment %u in physical memory",
			     kernel->path, index, other);
	case GHOST_SEGMENT_OK:
		break;
	}
	return 0;
}

/* Each loadable segment where stage 2 can put it, and the entry point in
 * one that is executable. */
static int check_segments(const struct kernel_elf *kernel)
{
	Elf64_Phdr *loadable = calloc(kernel->segment_count + 1, sizeof(*loadable));
	uint32_t *index_of = calloc(kernel->segment_count + 1, sizeof(*index_of));
	uint64_t entry = kernel->elf.header.e_entry;
	uint32_t count = 0, other = 0, i;
	int entry_found = 0, result = 0;

	if (!loadable || !index_of)
		result = error("out of memory");
	for (i = 0; result == 0 && i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		enum ghost_segment_problem problem;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		problem = ghost_kernel_segment_check(p, loadable, count, &other);
		result = report_segment(kernel, i, problem, index_of[other]);
		entry_found |= ghost_kernel_entry_in(p, entry);
		index_of[count] = i;
		loadable[count++] = *p;
	}
	if (result == 0 && !entry_found)
		result = error("kernel %s: its entry point 0x%llx lies outside every executable "
			       "segment",
			       kernel->path, (unsigned long long)entry);
	free(loadable);
	free(index_of);
	return result;
}

int ghostboot_kernel_check(const struct config_entry *entry, const struct file_bytes *file,
			   struct module_files *modules)
{
	(void)entry;
	struct kernel_elf kernel;
	struct prelink prelink;
	int result;

	/* ghost's reader would only say "not an ELF64 ... file". */
	if (file->size > EI_CLASS && memcmp(file->bytes, ELF_MAGIC, 4) == 0 &&
	    file->bytes[EI_CLASS] == ELFCLASS32)
		return error("kernel %s: a 32-bit ELF file; the ghostboot protocol boots ELF64 "
			     "x86-64 kernels",
			     file->path);
	if (kernel_elf_read(&kernel, file) != 0)
		return -1;
	result = check_segments(&kernel);
	if (result == 0 && modules->count) {
		result = prelink_modules(&prelink, &kernel, modules);
		if (result == 0)
			prelink_free(&prelink);
	}
	kernel_elf_free(&kernel);
	return result;
}
