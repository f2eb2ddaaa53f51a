/* Boot code of other loaders that install may find in sector 0 and
 * replace: recognised by the messages their code carries, so that the user
 * is told what was there (docs/install.md, "Other boot loaders"). */
#ifndef GHOSTBOOT_CLI_INSTALL_FOREIGN_BOOT_H
#define GHOSTBOOT_CLI_INSTALL_FOREIGN_BOOT_H

#include <stddef.h>
#include <stdint.h>

/* What the boot code in `code` (the first `length` bytes of sector 0) is,
 * e.g. "GRUB 2's boot.img"; 0 when it is none of those known. */
const char *foreign_boot_name(const uint8_t *code, size_t length);

#endif
