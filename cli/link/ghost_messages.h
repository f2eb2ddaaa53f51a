/* ghost's errors (ghost/error.h) as the CLI prints them: one
 * "ghostboot: error:" line naming the module or the kernel file. */
#ifndef GHOSTBOOT_CLI_LINK_GHOST_MESSAGES_H
#define GHOSTBOOT_CLI_LINK_GHOST_MESSAGES_H

#include "ghost/error.h"

/* "module NAME: what", "kernel PATH: what" (the kernel's table or file),
 * or ghost's text as it is. Returns -1. */
int ghost_error_report(const struct ghost_error *failure, const char *kernel_path);

#endif
