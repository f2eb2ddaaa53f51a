/* The format is checked by ghost's ELF reader (ghost/elf_file.h): the
 * header and each program header as they are read, the sections once the
 * whole file is in memory. What is checked here is where the segments may
 * go: a bad kernel stops the boot with its path and the reason, never a
 * jump into garbage. */
#include "stage2/kernel_load.h"

#include "ghost/kernel_segments.h"
#include "ghost/report.h"
#include "stage2/console.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/paging.h"

__attribute__((noreturn)) static void fail(const char *path, const char *why)
{
	panic("kernel %s: %s", path, why);
}

/* The rule every loader shares (ghost/kernel_segments.c), then this
 * machine's memory map: what a segment would overwrite is named. */
static void check_placement(const char *path, const struct loaded_kernel *k, const Elf64_Phdr *p)
{
	const char *what = memory_conflict(p->p_paddr, p->p_memsz);
	uint32_t other;
	switch (ghost_kernel_segment_check(p, k->segments, k->segment_count, &other)) {
	case GHOST_SEGMENT_LOW:
		panic("kernel %s: a segment loads below 1 MiB, where the loader lives (at 0x%llx%s%s)",
		      path, (unsigned long long)p->p_paddr, what ? ", over " : "", what ? what : "");
	case GHOST_SEGMENT_OVERLAP:
		fail(path, "two segments overlap in physical memory");
	case GHOST_SEGMENT_HIGH:
	case GHOST_SEGMENT_OK:
		break;
	}
	if (what)
		panic("kernel %s: segment at 0x%llx-0x%llx overlaps %s", path,
		      (unsigned long long)p->p_paddr, (unsigned long long)(p->p_paddr + p->p_memsz),
		      what);
}

static void fail_elf(const char *path, const struct ghost_error *error)
{
	fail(path, ghost_error_detail(error));
}

void kernel_load(struct fs_volume *volume, const struct config_file *ref,
		 struct loaded_kernel *k)
{
	struct fs_file file;
	struct ghost_error error;
	const char *why;
	if (file_open(volume, ref->path, &file, &why))
		fail(ref->path, why);

	/* The headers first: where the segments go must be claimed before any
	 * memory is allocated for the file. */
	*k = (struct loaded_kernel){ .phys_start = ~0ull };
	struct ghost_elf_file *elf = &k->elf;
	uint8_t head[sizeof(Elf64_Ehdr)];
	uint64_t head_size = file.size < sizeof head ? file.size : sizeof head;
	if (file_read_exact(&file, 0, head, head_size, &why))
		fail(ref->path, why);
	if (!ghost_elf_check_header(elf, head, (size_t)head_size, file.size, "kernel",
				    GHOST_NO_MODULE, ET_EXEC, &error))
		fail_elf(ref->path, &error);
	k->entry = elf->header.e_entry;
	int entry_in_code = 0;
	for (uint32_t i = 0; i < elf->header.e_phnum; i++) {
		Elf64_Phdr p;
		if (file_read_exact(&file, elf->header.e_phoff + i * sizeof p, &p, sizeof p, &why))
			fail(ref->path, why);
		if (!ghost_elf_check_segment(elf, &p, i, &error))
			fail_elf(ref->path, &error);
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		check_placement(ref->path, k, &p);
		if (k->segment_count == KERNEL_MAX_SEGMENTS)
			fail(ref->path, "more loadable segments than the loader takes");
		k->segments[k->segment_count++] = p;
		if (ghost_kernel_entry_in(&p, k->entry))
			entry_in_code = 1;
		if (p.p_paddr < k->phys_start)
			k->phys_start = p.p_paddr;
		if (p.p_paddr + p.p_memsz > k->phys_end)
			k->phys_end = p.p_paddr + p.p_memsz;
		if (p.p_vaddr + p.p_memsz > k->virt_end)
			k->virt_end = p.p_vaddr + p.p_memsz;
	}
	if (k->segment_count == 0)
		fail(ref->path, "no loadable segments");
	if (!entry_in_code)
		fail(ref->path, "the entry point lies outside every executable segment");

	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		memory_claim(p->p_paddr, p->p_memsz);
		memset(memory_at(p->p_paddr + p->p_filesz), 0, (size_t)(p->p_memsz - p->p_filesz));
	}

	/* The whole file stays in memory: the module linker reads the kernel's
	 * export table from it. One read, then the segments are copied out. */
	if (file.size > 0x40000000)
		fail(ref->path, "larger than 1 GiB");
	uint8_t *bytes = memory_allocate((uint32_t)file.size);
	if (!bytes)
		fail(ref->path, "no free memory large enough to read it");
	if (file_read_exact(&file, 0, bytes, file.size, &why))
		fail(ref->path, why);
	struct sha256 hash;
	sha256_init(&hash);
	if (ref->has_sha256)
		sha256_update(&hash, bytes, (size_t)file.size);
	if (file_check_pin(ref, &hash, &why))
		fail(ref->path, why);
	if (!ghost_elf_read_sections(elf, bytes, &error))
		fail_elf(ref->path, &error);
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		memcpy(memory_at(p->p_paddr), bytes + p->p_offset, (size_t)p->p_filesz);
	}
}

void kernel_map(const struct loaded_kernel *k, const char *path, uint32_t pml4)
{
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		uint64_t page_offset = p->p_vaddr & 0xfff;
		uint64_t length = ALIGN_UP(p->p_memsz + page_offset, PAGE_SIZE);
		unsigned access = 0;
		if (p->p_flags & PF_W)
			access |= PAGE_WRITABLE;
		if (p->p_flags & PF_X)
			access |= PAGE_EXECUTABLE;
		/* A kernel linked at its physical address is already identity-mapped. */
		if (p->p_vaddr == p->p_paddr && p->p_vaddr + p->p_memsz <= IDENTITY_MAP_END)
			continue;
		const char *why;
		if (paging_map(pml4, p->p_vaddr - page_offset, p->p_paddr - page_offset, length,
			       access, &why))
			panic("kernel %s: segment at 0x%llx: %s", path,
			      (unsigned long long)p->p_vaddr, why);
	}
}
