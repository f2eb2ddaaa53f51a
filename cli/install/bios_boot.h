/* Stage 2 in a GPT disk's BIOS boot partition (type
 * 21686148-6449-6E6F-744E-656564454649): a partition made to hold a BIOS
 * boot loader's next stage, since a GPT leaves no gap after the MBR. */
#ifndef GHOSTBOOT_CLI_INSTALL_BIOS_BOOT_H
#define GHOSTBOOT_CLI_INSTALL_BIOS_BOOT_H

#include <stdint.h>

#include "cli/disk/install_target.h"
#include "cli/install/stage2_home.h"

/* Places `sectors` of stage 2 at the start of the first BIOS boot
 * partition: NO_ROOM without one or when it is too small; PLACEMENT_FAILED
 * when it holds someone else's data, unless `force`. */
enum placement bios_boot_place(const struct install_target *target, uint32_t sectors, int force,
			       struct stage2_home *home);

#endif
