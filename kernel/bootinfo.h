/* The boot information stage 2 passes in RDI (include/ghostboot/bootinfo.h):
 * finding it, printing it, checking it. Nothing in it is trusted unchecked. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "kernel/memmap.h"

#define BOOTINFO_STRING_MAX 256   /* loader and entry names, module names and paths */
#define BOOTINFO_CMDLINE_MAX 4096

/* Checks the header at physical address addr: placement below 4 GiB and
 * 8-byte alignment, magic, version (this one or a later, since fields are only
 * appended) and size (at least the fields we read). */
bool bootinfo_open(uint64_t addr, const struct gb_bootinfo **out, char *why);

/* The command line, or NULL when absent or not a string within bounds. */
const char *bootinfo_cmdline(const struct gb_bootinfo *bi);

/* Prints the loader, the entry, the command line, the kernel's placement
 * and the boot device. */
void bootinfo_print(const struct gb_bootinfo *bi);

/* The self test's view: every string present and bounded, the kernel range
 * sane, holding this kernel, and lying in loader memory like the boot info
 * itself. Needs a map that passed memmap_check. */
bool bootinfo_check(const struct gb_bootinfo *bi, const struct memmap *map, char *why);

#endif
