/* Modules `ghostboot link` put into the kernel image at build time
 * (include/ghostboot/prelinked.h): their images came in with the kernel's
 * own segments; their table and exports are read from the kernel file. */
#ifndef GHOSTBOOT_STAGE2_PRELINKED_H
#define GHOSTBOOT_STAGE2_PRELINKED_H

#include <ghostboot/prelinked.h>

#include "ghost/ghost.h"
#include "stage2/kernel_load.h"
#include "stage2/modules.h"
#include "stage2/strings.h"

struct prelinked_set {
	uint32_t count;
	struct gb_prelinked_module entries[GB_PRELINKED_MAX];
	struct gb_isolation isolation[GB_PRELINKED_MAX]; /* all 0 for a direct entry */
	/* Their exports, offered to the modules linked at boot, and the entry
	 * each one belongs to. */
	uint32_t export_count;
	struct ghost_export *exports;
	uint8_t *export_owner;
};

/* Reads and checks the kernel's ".gbprelinked" table, if it has one, and
 * its modules' exports; every address must lie in the kernel's segments.
 * A table that does not fit the kernel stops the boot naming the problem. */
void prelinked_read(const struct loaded_kernel *kernel, const char *kernel_path,
		    struct prelinked_set *prelinked);

/* Puts the prelinked modules first in `set`, whose modules linked at boot
 * already count their dependencies from past the prelinked ones. */
void prelinked_prepend(const struct loaded_kernel *kernel, const char *kernel_path,
		       const struct prelinked_set *prelinked, struct string_pool *strings,
		       struct module_set *set);

/* For each prelinked isolated module: its module_runtime isolation (they
 * are the table's first entries), and its user part mapped as stage 2 maps
 * isolated modules (docs/isolation.md "Mapping"); kernel_map adds each
 * segment's rights to those pages after. */
void prelinked_isolation_fill(const struct prelinked_set *prelinked, struct module_set *set);
void prelinked_map_isolated(const struct loaded_kernel *kernel, const char *kernel_path,
			    const struct prelinked_set *prelinked, uint32_t pml4);

#endif
