/* A kernel ELF as inspect and link read it: the section table (checked by
 * ghost's reader), the program headers and the export table. Every field
 * is checked against the file before it is used. */
#ifndef GHOSTBOOT_CLI_LINK_KERNEL_ELF_H
#define GHOSTBOOT_CLI_LINK_KERNEL_ELF_H

#include <stdint.h>

#include <ghostboot/prelinked.h>

#include "cli/common/file_bytes.h"
#include "ghost/elf_file.h"
#include "ghost/ghost.h"

struct kernel_elf {
	const char *path;
	struct ghost_elf_file elf;
	Elf64_Phdr *segments; /* the whole program header table, copied */
	uint32_t segment_count;
	uint64_t virt_end; /* one past the highest byte of any PT_LOAD */
	/* What modules linked against this kernel see, as stage 2 offers it:
	 * the kernel's own exports, then those of the modules `ghostboot link`
	 * put into it (linked_in, from .gbprelinked). */
	struct ghost_export *exports;
	uint32_t export_count;
	uint32_t own_export_count;
	struct gb_prelinked_module *linked_in;
	struct gb_isolation *linked_in_isolation; /* per entry; all 0 for a direct one */
	uint32_t linked_in_count;
};

/* Reads the ELF64 x86-64 executable in `file`, which must outlive the
 * result. Returns 0, or -1 after an error naming the file. */
int kernel_elf_read(struct kernel_elf *kernel, const struct file_bytes *file);
void kernel_elf_free(struct kernel_elf *kernel);

/* Whether the kernel has a section called `name`; fills *section if so.
 * ghost's reader checked that its bytes lie in the file. */
int kernel_elf_find_section(const struct kernel_elf *kernel, const char *name,
			    Elf64_Shdr *section);

#endif
