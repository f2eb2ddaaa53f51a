/* One module while it is being linked: the object read, its layout, its
 * resolved imports, and, once placed, where its image is. */
#ifndef GHOSTBOOT_GHOST_MODULE_H
#define GHOSTBOOT_GHOST_MODULE_H

#include "ghost/layout.h"
#include "ghost/object.h"
#include "ghost/symbols.h"

struct ghost_module {
	struct ghost_object object;
	struct ghost_layout layout;
	enum ghost_link_mode mode;
	/* Per symbol: the export an undefined symbol resolved to; NULL for
	 * defined symbols and for undefined weak ones, which are 0. */
	const struct ghost_symbol **imports;
	/* Isolated and programs: per symbol, the gate of an import (its stub's
	 * index); per gate, the export it calls. */
	uint32_t *gate_of_symbol;
	const struct ghost_symbol **gates;
	uint32_t gate_count;
	uint32_t info_section;       /* .gbmodinfo; 0 for a program */
	uint32_t exports_section;    /* .gbexports, 0 when none */
	uint32_t export_relocations; /* its RELA section */
	uint32_t export_count;
	uint32_t main_symbol; /* a program's `main` */
	uint64_t base; /* virtual address of the image, once placed */
	uint8_t *image;
};

#endif
