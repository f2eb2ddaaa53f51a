/* Where each loaded section of a module goes in its image. */
#ifndef GHOSTBOOT_GHOST_LAYOUT_H
#define GHOSTBOOT_GHOST_LAYOUT_H

#include "ghost/ghost.h"
#include "ghost/object.h"

#define GHOST_NOT_LOADED UINT64_MAX

struct ghost_layout {
	uint64_t *section_offset; /* per section: offset in the image, or GHOST_NOT_LOADED */
	struct ghost_region text;
	struct ghost_region rodata;
	struct ghost_region data; /* writable sections, NOBITS last */
	uint64_t size;            /* a whole number of pages */
};

/* Lays out the SHF_ALLOC sections of `object`: executable ones, then
 * read-only, then writable, then writable NOBITS; each group starting on a
 * page, each section at its alignment, in section order within a group.
 * `section_offset` has room for one entry per section. */
bool ghost_layout_sections(const struct ghost_object *object, uint64_t *section_offset,
			   struct ghost_layout *layout, struct ghost_error *error);

/* Writes the image: the sections' bytes where the layout puts them, zeros
 * everywhere else (NOBITS, alignment gaps, the page tails). */
void ghost_layout_copy(const struct ghost_object *object, const struct ghost_layout *layout,
		       uint8_t *image);

#endif
