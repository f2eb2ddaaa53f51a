/* mkimage's check before it writes (docs/cli.md, "Checks"): every entry of
 * the configuration it puts on the image checked against the host files it
 * puts there, as `ghostboot check` checks an image. */
#ifndef GHOSTBOOT_MKIMAGE_IMAGE_CHECK_H
#define GHOSTBOOT_MKIMAGE_IMAGE_CHECK_H

#include "mkimage/contents.h"
#include "mkimage/format.h"

/* Checks the configuration among `contents` (FAT names ignore case). With
 * `no_check` (--no-check), only that it parses, as stage 2 would stop at
 * one that does not, and a warning. Returns 0 when every entry would boot,
 * else -1 after errors naming each problem. */
int image_check(const struct contents *contents, enum format_fs fs, int no_check);

#endif
