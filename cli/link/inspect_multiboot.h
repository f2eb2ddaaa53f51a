/* What `ghostboot inspect` says of a kernel's Multiboot headers. */
#ifndef GHOSTBOOT_CLI_LINK_INSPECT_MULTIBOOT_H
#define GHOSTBOOT_CLI_LINK_INSPECT_MULTIBOOT_H

#include "cli/common/file_bytes.h"

/* Prints a line for each Multiboot header the file carries, with what it
 * asks of the loader, and an error for one that is there but wrong.
 * Returns the number of sound headers, or -1 when one is wrong. */
int inspect_multiboot(const struct file_bytes *file);

#endif
