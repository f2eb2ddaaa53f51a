/* Whether sectors outside every file may receive stage 2: they must hold
 * zeros or a stage 2 an earlier install left (docs/install.md). Nobody
 * else's data is overwritten without --force. */
#ifndef GHOSTBOOT_CLI_INSTALL_SECTOR_CHECK_H
#define GHOSTBOOT_CLI_INSTALL_SECTOR_CHECK_H

#include <stdint.h>

#include "cli/disk/install_target.h"

/* Checks sectors [lba, lba + count), the area `where` names ("the gap after
 * the MBR"): each must be zero, part of the previous install's stage 2
 * (install_target_previous_owns), or covered by the header of a stage 2
 * starting at `lba`. Other data is an error naming the first sector holding
 * it and what it looks like, or with `force` a warning. Returns 0, or -1
 * after an error. */
int sector_check_free(const struct install_target *target, uint64_t lba, uint32_t count,
		      const char *where, int force);

/* The same test for one sector. Returns 1 when it may be overwritten, 0
 * when not, -1 after a read error. */
int sector_is_free(const struct install_target *target, uint64_t lba);

#endif
