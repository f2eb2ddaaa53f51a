/* The configuration mkimage writes without --config. */
#ifndef GHOSTBOOT_MKIMAGE_CONFIG_TEXT_H
#define GHOSTBOOT_MKIMAGE_CONFIG_TEXT_H

#include <stdio.h>

#include "mkimage/contents.h"

/* Writes one entry, `default`, booting the kernel of `contents` with its
 * modules in order, each pinned by its SHA-256, and `cmdline` (may be 0).
 * Returns 0, or -1 after an error. */
int config_text_write_default(FILE *out, const struct contents *contents, const char *cmdline);

/* The same into a temporary file in the run's directory, which joins
 * `contents` as the configuration. Returns its path (freed by the caller),
 * or 0 after an error. */
char *config_text_write_temporary(struct contents *contents, const char *cmdline);

#endif
