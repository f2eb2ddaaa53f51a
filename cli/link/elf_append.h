/* Writing a copy of a kernel ELF with loadable segments and one section
 * added (`ghostboot link`). The kernel's bytes are kept as they are; what
 * is new goes after them: the segments' bytes, the section, an extended
 * copy of the section name table, and new program and section header
 * tables, which the ELF header then points to. The old tables stay where
 * they were, unreferenced. */
#ifndef GHOSTBOOT_CLI_LINK_ELF_APPEND_H
#define GHOSTBOOT_CLI_LINK_ELF_APPEND_H

#include <stdint.h>

#include "cli/link/kernel_elf.h"

/* A segment to add: its header (the writer sets p_offset) and the
 * p_filesz bytes of it in the file. */
struct added_segment {
	Elf64_Phdr header;
	const uint8_t *bytes;
};

/* A section to add, not loaded (no SHF_ALLOC). */
struct added_section {
	const char *name;
	uint32_t type;
	const void *bytes;
	uint64_t size;
	uint64_t align; /* a power of two */
};

/* Writes the copy to `output` through a temporary file beside it, renamed
 * into place once complete; on failure the temporary file is removed and
 * `output` is left as it was. Returns 0, or -1 after an error. */
int elf_append_write(const struct kernel_elf *kernel, const struct added_segment *segments,
		     uint32_t segment_count, const struct added_section *section,
		     const char *output);

#endif
