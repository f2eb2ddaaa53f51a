/* Where each loaded section of a module goes in its image, and for an
 * isolated module or a program what the loader adds (docs/isolation.md). */
#ifndef GHOSTBOOT_GHOST_LAYOUT_H
#define GHOSTBOOT_GHOST_LAYOUT_H

#include "ghost/ghost.h"
#include "ghost/object.h"

#define GHOST_NOT_LOADED UINT64_MAX
/* The return stub after the gate stubs: 12 bytes of code, room for 16. */
#define GHOST_RETURN_STUB_SIZE 16u
/* An entry trampoline: 23 bytes of code, the rest int3. */
#define GHOST_TRAMPOLINE_SIZE 32u

struct ghost_layout {
	uint64_t *section_offset; /* per section: offset in the image, or GHOST_NOT_LOADED */
	struct ghost_region text;
	struct ghost_region rodata;
	struct ghost_region data; /* writable sections, NOBITS last */
	uint64_t size;            /* a whole number of pages */
	/* Isolated and programs only, offsets in the image (0 otherwise). The
	 * user part: room for a gate stub per undefined symbol and the return
	 * stub at the end of text; the stack between rodata and the writable
	 * sections (the data region starts with it and ends with the heap). */
	uint32_t undefined_count;
	uint64_t gate_stubs;
	uint64_t stack_top;
	uint64_t heap;
	uint64_t user_size;
	/* The kernel-only part: a trampoline slot per export, then init's and
	 * exit's (a program's main's); room for a gate per undefined symbol. */
	struct ghost_region trampolines;
	struct ghost_region gate_table;
};

/* Lays out the SHF_ALLOC sections of `object`: executable ones, then
 * read-only, then writable, then writable NOBITS; each group starting on a
 * page, each section at its alignment, in section order within a group.
 * Isolated and programs (`mode`): text+stubs | rodata | stack | data | bss |
 * heap, each page-aligned but bss. `section_offset` has room for one entry
 * per section. */
bool ghost_layout_sections(const struct ghost_object *object, enum ghost_link_mode mode,
			   uint64_t *section_offset, struct ghost_layout *layout,
			   struct ghost_error *error);

/* Isolated and programs: appends the kernel-only part for `export_count`
 * exports. */
bool ghost_layout_kernel_part(const struct ghost_object *object, uint32_t export_count,
			      struct ghost_layout *layout, struct ghost_error *error);

/* The offset of trampoline `slot`: export `slot`'s, or for `slot` equal
 * to the export count init's (a program's main's), one more exit's. */
static inline uint64_t ghost_trampoline_offset(const struct ghost_layout *layout, uint32_t slot)
{
	return layout->trampolines.offset + (uint64_t)slot * GHOST_TRAMPOLINE_SIZE;
}

/* Writes the image: the sections' bytes where the layout puts them, zeros
 * everywhere else (NOBITS, alignment gaps, the page tails). */
void ghost_layout_copy(const struct ghost_object *object, const struct ghost_layout *layout,
		       uint8_t *image);

#endif
