/* A module's restart data, as the loader hands it over in its struct
 * gb_module_runtime (docs/bootinfo.md "Module runtime"), once checked. */
#ifndef KERNEL_RESTART_DATA_H
#define KERNEL_RESTART_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "kernel/memmap.h"
#include "kernel/modules.h"

struct restart_data {
	bool restartable;    /* its runtime entry held up */
	uint64_t offset;     /* the data region in its image */
	uint64_t size;
	const uint8_t *copy; /* the loader's copy of its first copy_size bytes */
	uint64_t copy_size;
};

/* Checks a module's runtime entry: its data region inside an image of
 * `image_size` bytes, the copy no larger than the region and, unless empty,
 * in loader memory of `map`, clear of the kernel's physical range
 * [kernel_start, kernel_end) and of every image of `modules` (a copy a
 * module could write would let it choose what a restart puts back). Fills
 * *data, or returns false with the reason in why[REASON_MAX]. */
bool restart_data_check(const struct gb_module_runtime *r, uint64_t image_size,
			const struct memmap *map, uint64_t kernel_start, uint64_t kernel_end,
			const struct module_table *modules, struct restart_data *data, char *why);

#endif
