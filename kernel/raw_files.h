/* The raw files of the boot information (`file` lines, docs/bootinfo.md). */
#ifndef KERNEL_RAW_FILES_H
#define KERNEL_RAW_FILES_H

#include <stdbool.h>

#include <ghostboot/bootinfo.h>

#include "kernel/memmap.h"

/* Checks the file table: each path a string, each file's bytes page-aligned
 * loader memory. The test harness may ask for more on the command line:
 * expect-files=N, the number of files; expect-file=PATH,SIZE,FNV, a file's
 * size and its FNV-1a hash (32 bits, hex), byte for byte. */
bool raw_files_check(const struct gb_bootinfo *bi, const struct memmap *map, const char *cmdline,
		     char *why);

#endif
