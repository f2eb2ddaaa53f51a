/* --cmdline: a temporary copy of the image whose default entry boots with
 * another kernel command line, so that one image serves many tests. */
#ifndef GHOSTBOOT_CLI_QEMU_CMDLINE_OVERLAY_H
#define GHOSTBOOT_CLI_QEMU_CMDLINE_OVERLAY_H

#include <stddef.h>

/* Writes the copy to `directory`/cmdline.img (registered for removal) and
 * its path into `overlay`. IMG is only read. Returns 0, or -1 after an
 * error. */
int cmdline_overlay_make(const char *image, const char *cmdline, const char *directory,
			 char *overlay, size_t size);

#endif
