/* The Linux boot protocol: a bzImage, its initrd files and its command
 * line, entered through the 32-bit boot protocol (docs/linux.md). */
#ifndef GHOSTBOOT_STAGE2_PROTOCOLS_LINUX_H
#define GHOSTBOOT_STAGE2_PROTOCOLS_LINUX_H

#include "config/config.h"
#include "fs/fs.h"

struct linux_boot {
	uint32_t load_address; /* of the protected-mode kernel: its 32-bit entry */
	uint8_t *boot_params;  /* the zero page, header filled in */
};

/* Reads and places the kernel, the initrd files and the command line, or
 * stops the boot naming the file and the problem. Places the kernel before
 * allocating anything, so call it before other allocations. */
void linux_load(struct fs_volume *volume, const struct config *config,
		const struct config_entry *entry, struct linux_boot *boot);

/* Writes the memory map into boot_params and enters the kernel. */
__attribute__((noreturn)) void linux_enter(struct linux_boot *boot);

#endif
