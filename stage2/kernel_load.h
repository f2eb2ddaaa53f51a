/* Loading an ELF64 x86-64 kernel: PT_LOAD segments at their physical
 * addresses, mapped at their virtual ones. */
#ifndef GHOSTBOOT_STAGE2_KERNEL_LOAD_H
#define GHOSTBOOT_STAGE2_KERNEL_LOAD_H

#include <stdint.h>

#include <ghostboot/prelinked.h>

#include "config/config.h"
#include "fs/fs.h"
#include "ghost/elf_file.h"

#define KERNEL_MAX_SEGMENTS GB_KERNEL_SEGMENTS_MAX
/* The ELF header, the program and section header tables, the section
 * names, the export table and the table of modules linked in at build time. */
#define KERNEL_HELD_PIECES 6

struct loaded_kernel {
	uint64_t entry;
	uint64_t phys_start, phys_end;
	uint64_t virt_end; /* one past the highest virtual byte of any segment */
	/* The ELF file, checked once by ghost's reader, held in pieces: its
	 * header tables and the sections the loader reads (each read apart),
	 * and each segment's file bytes where they were loaded. The module
	 * linker and the prelinked table read it from here. */
	struct ghost_elf_file elf;
	struct ghost_elf_piece pieces[KERNEL_HELD_PIECES + KERNEL_MAX_SEGMENTS];
	uint32_t segment_count;
	Elf64_Phdr segments[KERNEL_MAX_SEGMENTS]; /* the PT_LOAD ones */
};

/* Loads the kernel `ref` names, or stops the boot naming the file and the
 * problem. Claims the kernel's memory, so call it before allocating; keeps
 * of the file only its segments and a few small pieces. */
void kernel_load(struct fs_volume *volume, const struct config_file *ref,
		 struct loaded_kernel *kernel);

/* Maps the kernel's segments into the page tables at `pml4`. */
void kernel_map(const struct loaded_kernel *kernel, const char *path, uint32_t pml4);

#endif
