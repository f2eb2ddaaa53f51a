/* Stage 2 in the reserved sectors of an unpartitioned FAT volume (Microsoft
 * FAT specification, BPB_RsvdSecCnt): the sectors between the boot sector
 * and the first FAT, which no file uses. */
#ifndef GHOSTBOOT_CLI_INSTALL_RESERVED_SECTORS_H
#define GHOSTBOOT_CLI_INSTALL_RESERVED_SECTORS_H

#include <stdint.h>

#include "cli/disk/install_target.h"
#include "cli/install/stage2_home.h"

/* Places `sectors` of stage 2 in the free reserved sectors (zero, or an
 * earlier stage 2's), never in the boot sector, FAT32's FSInfo sector or
 * its backup boot sector and FSInfo copy, in one or two runs: NO_ROOM when
 * they do not hold enough. */
enum placement reserved_sectors_place(const struct install_target *target, uint32_t sectors,
				      struct stage2_home *home);

#endif
