/* The configuration file as mkimage handles it: the one it writes without
 * --config, and the check that any configuration it puts on an image parses
 * (with stage 2's own parser, config/config.c). */
#ifndef GHOSTBOOT_MKIMAGE_CONFIG_TEXT_H
#define GHOSTBOOT_MKIMAGE_CONFIG_TEXT_H

#include <stdio.h>

#include "mkimage/contents.h"

/* Writes one entry, `default`, booting the kernel of `contents` with its
 * modules in order, each pinned by its SHA-256, and `cmdline` (may be 0).
 * Returns 0, or -1 after an error. */
int config_text_write_default(FILE *out, const struct contents *contents, const char *cmdline);

/* Parses the configuration file at `path`, warning about each file it
 * names that `contents` (when not 0) does not put on the image. Returns 0,
 * or -1 after an error naming the file (as `name`: the generated one has
 * no name of its own) and line. */
int config_text_check(const char *path, const char *name, const struct contents *contents);

#endif
