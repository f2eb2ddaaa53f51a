/* The UEFI loader on an image (docs/uefi.md): \EFI\BOOT\BOOTX64.EFI on
 * any FAT or ext volume of it, compared with the one this ghostboot
 * embeds, so that `check` passes an image made for UEFI alone. */
#ifndef GHOSTBOOT_CLI_CHECK_UEFI_LOADER_H
#define GHOSTBOOT_CLI_CHECK_UEFI_LOADER_H

#include "cli/disk/boot_config.h"

enum uefi_loader_state { UEFI_LOADER_NONE, UEFI_LOADER_INTACT, UEFI_LOADER_DIFFERS };

/* Looks on every partition of the image (or its whole-disk volume); says
 * which it found, with a line for an intact loader and an error for one
 * that differs. */
enum uefi_loader_state uefi_loader_check(const struct boot_config *boot_config,
					 const char *image);

/* Whether sector 0 holds a ghostboot stage 1 (MBR or volume boot record). */
int uefi_loader_has_stage1(const struct boot_config *boot_config);

#endif
