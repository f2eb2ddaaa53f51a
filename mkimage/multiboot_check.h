/* mkimage's look at the Multiboot kernels a configuration names, so that a
 * kernel stage 2 would refuse stops the build instead of the boot. */
#ifndef GHOSTBOOT_MKIMAGE_MULTIBOOT_CHECK_H
#define GHOSTBOOT_MKIMAGE_MULTIBOOT_CHECK_H

#include "config/config.h"
#include "mkimage/contents.h"

/* For each entry with protocol multiboot1 or multiboot2 whose kernel is
 * among `contents`, checks its header as stage 2 will. Returns 0, or -1
 * after an error naming the configuration, the entry, the file and the
 * problem. */
int multiboot_check_kernels(const char *config_path, const struct config *config,
			    const struct contents *contents);

#endif
