/* The boot protocols the check knows, by the name a configuration gives
 * them: each checks a kernel file as stage 2 will load it for that
 * protocol, and the modules the entry gives it. */
#ifndef GHOSTBOOT_CLI_CHECK_PROTOCOLS_H
#define GHOSTBOOT_CLI_CHECK_PROTOCOLS_H

#include "cli/common/file_bytes.h"
#include "cli/link/module_files.h"
#include "config/config.h"

/* The protocol of an entry that names none. */
#define PROTOCOL_DEFAULT "ghostboot"

struct kernel_protocol {
	const char *name;
	/* Checks `entry`'s `kernel` (for chainload, its boot sector file, or 0)
	 * and `modules` (optional ones that fail are dropped with a warning).
	 * Returns 0, or -1 after errors naming the file. */
	int (*check)(const struct config_entry *entry, const struct file_bytes *kernel,
		     struct module_files *modules);
	/* Whether `module` lines name ELF objects linked against the kernel,
	 * and `modules` lists and `file` lines are taken; else modules are raw
	 * files, handed over as they are. */
	int links_modules;
};

/* The protocol called `name`; 0 when there is none. */
const struct kernel_protocol *kernel_protocol_find(const char *name);

/* The native protocol (ghostboot_kernel.c). */
int ghostboot_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
			struct module_files *modules);
/* Multiboot 1 and 2 (multiboot_kernel.c), Linux (linux_kernel.c), a boot
 * sector (chainload.c). */
int multiboot1_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
			struct module_files *modules);
int multiboot2_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
			struct module_files *modules);
int linux_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
		       struct module_files *modules);
int chainload_check(const struct config_entry *entry, const struct file_bytes *sector_file,
		    struct module_files *modules);

#endif
