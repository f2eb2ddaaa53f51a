/* Modules `ghostboot link` put into the kernel image at build time. */
#ifndef GHOSTBOOT_STAGE2_PRELINKED_H
#define GHOSTBOOT_STAGE2_PRELINKED_H

#include "kernel_load.h"
#include "modules.h"
#include "strings.h"

/* Puts the modules of the kernel's ".gbprelinked" table first in `set`
 * (include/ghostboot/prelinked.h), after the modules loaded at boot were
 * linked: their images came in with the kernel's own segments. A table
 * that does not fit the kernel stops the boot naming the problem. */
void prelinked_prepend(const struct loaded_kernel *kernel, const char *kernel_path,
		       struct string_pool *strings, struct module_set *set);

#endif
