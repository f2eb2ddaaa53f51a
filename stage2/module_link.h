/* The ghost-symbol pass (docs/ghost.md): the loaded modules linked against
 * the kernel's exports and each other's, placed in the top 2 GiB after the
 * kernel, and mapped there. */
#ifndef GHOSTBOOT_STAGE2_MODULE_LINK_H
#define GHOSTBOOT_STAGE2_MODULE_LINK_H

#include <stdint.h>

#include "stage2/kernel_load.h"
#include "stage2/modules.h"
#include "stage2/prelinked.h"

/* Links the modules of `set` against the kernel's exports, those of the
 * modules linked into it at build time, and each other's, and fills in
 * their linked fields, leaving the table in init order with dependencies
 * counted from past the prelinked modules (prelinked_prepend puts those
 * first). A required module that does not link stops the boot naming it
 * and the reason; an optional one is dropped with a warning and the rest
 * linked again without it. */
void modules_link(const struct loaded_kernel *kernel, const char *kernel_path,
		  const struct prelinked_set *prelinked, struct module_set *set, uint32_t pml4);

/* The data region (.data, then .bss) ghost laid out for the module at
 * `position` of those modules_link linked, in init order: an offset into
 * its image and a size. */
struct ghost_region modules_linked_data(uint32_t position);

#endif
