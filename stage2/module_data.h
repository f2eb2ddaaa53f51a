/* What the kernel needs to restart a module after a fault (docs/kernel.md
 * "Restart after a fault"): each module's data region and a copy of its
 * initialised data as linked, in the boot information's module_runtime. */
#ifndef GHOSTBOOT_STAGE2_MODULE_DATA_H
#define GHOSTBOOT_STAGE2_MODULE_DATA_H

#include <stdint.h>

#include "stage2/kernel_load.h"
#include "stage2/modules.h"

/* Gives `set` its module_runtime array: one zeroed entry per module, in the
 * table's final order (after prelinked_prepend). Call once. */
void module_runtime_allocate(struct module_set *set);

/* Fills each runtime entry's data_offset and data_size and, when
 * `restart_limit` is above 0, copies each module's initialised data into
 * loader memory (data_copy, data_copy_size): a module linked at boot from
 * its image as ghost wrote it, a module linked into the kernel at build
 * time from the kernel's writable segment inside its image, as loaded. Call
 * after the link and before the kernel runs. */
void module_data_keep(const struct loaded_kernel *kernel, struct module_set *set,
		      uint32_t restart_limit);

#endif
