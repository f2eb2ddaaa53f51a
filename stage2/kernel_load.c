/* The format is checked by ghost's ELF reader (ghost/elf_file.h): the
 * header and each program header as they are read, then the section header
 * table and the section names. What is checked here is where the segments
 * may go: a bad kernel stops the boot with its path and the reason, never a
 * jump into garbage.
 *
 * The file is never whole in memory: its header tables and the sections the
 * loader reads (the export table, the table of modules linked in at build
 * time) are read apart into small pieces, then one pass in file order
 * (stage2/file_stream.c) reads each segment's bytes straight to its place
 * (where memory_at says: under UEFI, a copy for a segment over
 * boot-services memory), hashing them as they pass when the file is
 * pinned, with the bytes between segments too. */
#include "stage2/kernel_load.h"

#include <ghostboot/export.h>

#include "ghost/kernel_segments.h"
#include "ghost/report.h"
#include "stage2/console.h"
#include "stage2/file_stream.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/paging.h"

static uint8_t header_bytes[sizeof(Elf64_Ehdr)];

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
		panic("kernel %s: segment at 0x%llx-0x%llx (%llu KiB) overlaps %s", path,
		      (unsigned long long)p->p_paddr, (unsigned long long)(p->p_paddr + p->p_memsz),
		      (unsigned long long)(p->p_memsz >> 10), what);
}

static void fail_elf(const char *path, const struct ghost_error *error)
{
	fail(path, ghost_error_detail(error));
}

static void read_or_fail(struct fs_file *file, const char *path, uint64_t offset, void *to,
			 uint64_t length)
{
	const char *why;
	if (file_read_exact(file, offset, to, length, &why))
		fail(path, why);
}

/* Keeps [offset, offset + size) of the file as a piece of its own, read now
 * into loader memory, unless a piece already holds it. */
static void hold(struct loaded_kernel *k, struct fs_file *file, const char *path,
		 uint64_t offset, uint64_t size)
{
	if (size == 0 || ghost_elf_bytes(&k->elf, offset, size))
		return;
	if (offset > file->size || size > file->size - offset)
		fail(path, "a section lies outside the file");
	/* The rest of the array is the segments' own, added once they are read. */
	if (k->elf.piece_count == KERNEL_HELD_PIECES)
		fail(path, "more header pieces than the loader keeps");
	uint8_t *bytes = size < 0x40000000 ? memory_reserve((uint32_t)size) : 0;
	if (!bytes)
		panic("kernel %s: no free memory for %llu bytes of its headers", path,
		      (unsigned long long)size);
	read_or_fail(file, path, offset, bytes, size);
	k->pieces[k->elf.piece_count++] = (struct ghost_elf_piece){ offset, size, bytes };
}

/* The ELF header and every program header, checked one at a time (no
 * memory may be allocated before the segments are claimed), and the
 * loadable segments placed and claimed. */
static void read_program_headers(struct loaded_kernel *k, struct fs_file *file, const char *path)
{
	struct ghost_elf_file *elf = &k->elf;
	struct ghost_error error;
	uint64_t head_size = file->size < sizeof header_bytes ? file->size : sizeof header_bytes;
	read_or_fail(file, path, 0, header_bytes, head_size);
	if (!ghost_elf_check_header(elf, header_bytes, (size_t)head_size, file->size, "kernel",
				    GHOST_NO_MODULE, ET_EXEC, &error))
		fail_elf(path, &error);
	elf->pieces = k->pieces;
	k->pieces[elf->piece_count++] = (struct ghost_elf_piece){ 0, head_size, header_bytes };

	k->entry = elf->header.e_entry;
	int entry_in_code = 0;
	for (uint32_t i = 0; i < elf->header.e_phnum; i++) {
		Elf64_Phdr p;
		read_or_fail(file, path, elf->header.e_phoff + i * sizeof p, &p, sizeof p);
		if (!ghost_elf_check_segment(elf, &p, i, &error))
			fail_elf(path, &error);
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		check_placement(path, k, &p);
		if (k->segment_count == KERNEL_MAX_SEGMENTS)
			fail(path, "more loadable segments than the loader takes");
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
		fail(path, "no loadable segments");
	if (!entry_in_code)
		fail(path, "the entry point lies outside every executable segment");
	for (uint32_t i = 0; i < k->segment_count; i++)
		memory_claim(k->segments[i].p_paddr, k->segments[i].p_memsz);
}

/* The program header table kept whole, for the export reader: it must say
 * what the headers checked one at a time said. */
static void hold_program_headers(struct loaded_kernel *k, struct fs_file *file, const char *path)
{
	struct ghost_elf_file *elf = &k->elf;
	hold(k, file, path, elf->header.e_phoff, (uint64_t)elf->header.e_phnum * sizeof(Elf64_Phdr));
	uint32_t loadable = 0;
	for (uint32_t i = 0; i < elf->header.e_phnum; i++) {
		Elf64_Phdr p = ghost_elf_segment(elf, i);
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		if (loadable == k->segment_count ||
		    memcmp(&p, &k->segments[loadable++], sizeof p) != 0)
			fail(path, "changed while it was read");
	}
}

/* Whether a segment's file bytes hold [offset, offset + size). */
static int in_segment(const struct loaded_kernel *k, uint64_t offset, uint64_t size)
{
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		if (offset >= p->p_offset && offset - p->p_offset <= p->p_filesz &&
		    size <= p->p_filesz - (offset - p->p_offset))
			return 1;
	}
	return 0;
}

/* The section header table and the section names, checked; then the
 * sections the loader reads, unless a segment brings them. */
static void read_sections(struct loaded_kernel *k, struct fs_file *file, const char *path)
{
	static const char *const wanted[] = { GB_EXPORTS_SECTION, GB_PRELINKED_SECTION };
	struct ghost_elf_file *elf = &k->elf;
	struct ghost_error error;
	uint64_t offset, size;
	if (!ghost_elf_section_table(elf, &offset, &size, &error))
		fail_elf(path, &error);
	hold(k, file, path, offset, size);
	if (elf->header.e_shstrndx < elf->header.e_shnum) {
		Elf64_Shdr names = ghost_elf_section(elf, elf->header.e_shstrndx);
		if (names.sh_type == SHT_STRTAB)
			hold(k, file, path, names.sh_offset, names.sh_size);
	}
	if (!ghost_elf_read_sections(elf, 0, &error))
		fail_elf(path, &error);
	int seen[ARRAY_SIZE(wanted)] = { 0 };
	for (uint32_t i = 1; i < elf->header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(elf, i);
		for (uint32_t w = 0; w < ARRAY_SIZE(wanted); w++) {
			if (s.sh_type == SHT_NOBITS ||
			    strcmp(ghost_elf_section_name(elf, &s), wanted[w]) != 0)
				continue;
			if (seen[w]++)
				fail(path, w == 0 ? "more than one .gbexports section"
						  : "more than one .gbprelinked section");
			if (!in_segment(k, s.sh_offset, s.sh_size))
				hold(k, file, path, s.sh_offset, s.sh_size);
		}
	}
}

void kernel_load(struct fs_volume *volume, const struct config_file *ref,
		 struct loaded_kernel *k)
{
	struct fs_file file;
	const char *why;
	if (file_open(volume, ref->path, &file, &why))
		fail(ref->path, why);
	*k = (struct loaded_kernel){ .phys_start = ~0ull };
	read_program_headers(k, &file, ref->path);
	hold_program_headers(k, &file, ref->path);
	read_sections(k, &file, ref->path);
	/* The held pieces must be the bytes the pass reads (and hashes). */
	struct file_place places[KERNEL_MAX_SEGMENTS];
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		places[i] = (struct file_place){ p->p_offset, p->p_filesz, memory_at(p->p_paddr) };
	}
	if (file_stream(&file, ref, places, k->segment_count, k->pieces, k->elf.piece_count, &why))
		fail(ref->path, why);
	/* From now on the segments hold their file bytes: the export table's
	 * names and a table inside a segment are read there. */
	for (uint32_t i = 0; i < k->segment_count; i++) {
		const Elf64_Phdr *p = &k->segments[i];
		memset(memory_at(p->p_paddr + p->p_filesz), 0, (size_t)(p->p_memsz - p->p_filesz));
		if (p->p_filesz)
			k->pieces[k->elf.piece_count++] = (struct ghost_elf_piece){
				p->p_offset, p->p_filesz, memory_at(p->p_paddr)
			};
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
