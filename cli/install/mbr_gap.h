/* Stage 2 in the gap after the MBR, sectors 1..K, on a disk with an MBR
 * partition table (docs/install.md). */
#ifndef GHOSTBOOT_CLI_INSTALL_MBR_GAP_H
#define GHOSTBOOT_CLI_INSTALL_MBR_GAP_H

#include <stdint.h>

#include "cli/disk/install_target.h"
#include "cli/install/stage2_home.h"

/* Places `sectors` of stage 2 at sectors 1..`sectors`: they must lie before
 * every partition (primary, extended or logical; else NO_ROOM) and hold only
 * zeros or an earlier stage 2 (else PLACEMENT_FAILED, unless `force`). */
enum placement mbr_gap_place(const struct install_target *target, uint32_t sectors, int force,
			     struct stage2_home *home);

#endif
