/* The native protocol: an ELF64 x86-64 executable whose segments stage 2
 * can load (stage2/kernel_load.c) and whose modules link against it as
 * stage 2 links them (cli/link/prelink.c). */
#include "cli/check/protocols.h"

#include <string.h>

#include "cli/common/diag.h"
#include "cli/link/kernel_elf.h"
#include "cli/link/prelink.h"

#define LOW_MEMORY_END 0x100000ull
/* Stage 2 loads kernels below 4 GiB, where it runs (32-bit). */
#define LOADABLE_END 0x100000000ull

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
	{ 0x80000, LOW_MEMORY_END, "the BIOS's memory and video memory" },
};

static const struct low_area *low_area_of(uint64_t start)
{
	size_t i;

	for (i = 0; i + 1 < sizeof(low_areas) / sizeof(low_areas[0]); i++)
		if (start < low_areas[i].end)
			break;
	return &low_areas[i];
}

/* Each loadable segment where stage 2 can put it, none over another. */
static int check_segments(const struct kernel_elf *kernel)
{
	uint32_t i, j;

	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		uint64_t start = p->p_paddr, end = p->p_paddr + p->p_memsz;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		if (start < LOW_MEMORY_END) {
			const struct low_area *area = low_area_of(start);
			return error("kernel %s: segment %u (physical 0x%llx-0x%llx) loads below "
				     "1 MiB, over %s (0x%llx-0x%llx)",
				     kernel->path, i, (unsigned long long)start,
				     (unsigned long long)end, area->what,
				     (unsigned long long)area->start, (unsigned long long)area->end);
		}
		if (end < start || end > LOADABLE_END)
			return error("kernel %s: segment %u (physical 0x%llx, 0x%llx bytes) "
				     "reaches past 4 GiB, where stage 2 cannot load it",
				     kernel->path, i, (unsigned long long)start,
				     (unsigned long long)p->p_memsz);
		for (j = 0; j < i; j++) {
			const Elf64_Phdr *q = &kernel->segments[j];
			if (q->p_type == PT_LOAD && q->p_memsz && start < q->p_paddr + q->p_memsz &&
			    q->p_paddr < end)
				return error("kernel %s: segments %u and %u overlap in physical "
					     "memory",
					     kernel->path, j, i);
		}
	}
	return 0;
}

static int check_entry_point(const struct kernel_elf *kernel)
{
	uint64_t entry = kernel->elf.header.e_entry;
	uint32_t i;

	for (i = 0; i < kernel->segment_count; i++) {
		const Elf64_Phdr *p = &kernel->segments[i];
		if (p->p_type == PT_LOAD && (p->p_flags & PF_X) && entry >= p->p_vaddr &&
		    entry - p->p_vaddr < p->p_memsz)
			return 0;
	}
	return error("kernel %s: its entry point 0x%llx lies outside every executable segment",
		     kernel->path, (unsigned long long)entry);
}

int ghostboot_kernel_check(const struct file_bytes *file, struct module_files *modules)
{
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
	if (result == 0)
		result = check_entry_point(&kernel);
	if (result == 0 && modules->count) {
		result = prelink_modules(&prelink, &kernel, modules);
		if (result == 0)
			prelink_free(&prelink);
	}
	kernel_elf_free(&kernel);
	return result;
}
