/* Stage 2 in a file on the boot volume, where no area outside the
 * filesystem has room: the file's sectors, found at install time and
 * checked to form at most GB_STAGE1_MAX_EXTENTS runs, are stage 1's
 * blocklist (docs/install.md). */
#ifndef GHOSTBOOT_CLI_INSTALL_STAGE2_FILE_H
#define GHOSTBOOT_CLI_INSTALL_STAGE2_FILE_H

#include <stdint.h>

#include "cli/disk/install_target.h"
#include "cli/install/stage2_home.h"

#define STAGE2_FILE_DIRECTORY "/boot/ghostboot"
#define STAGE2_FILE_PATH STAGE2_FILE_DIRECTORY "/stage2.bin"

/* Adds STAGE2_FILE_PATH, `sectors` * 512 bytes, to the boot volume (FAT
 * with mtools, ext2/3/4 with debugfs; its directories too when missing),
 * replacing only an earlier ghostboot stage 2 there, and fills `home` with
 * its sectors. No existing file changes. The file's contents are not yet
 * stage 2: the caller writes stage 2 into `home`. Returns PLACED, or
 * PLACEMENT_FAILED after an error, having removed what it added. */
enum placement stage2_file_place(const struct install_target *target, uint32_t sectors,
				 struct stage2_home *home);

#endif
