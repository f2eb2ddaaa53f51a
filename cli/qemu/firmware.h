/* The firmware a boot runs under: QEMU's SeaBIOS, or OVMF (Debian's ovmf
 * package) for the UEFI loader, with its variable store copied into the
 * run's private directory so that no two runs share one. */
#ifndef GHOSTBOOT_CLI_QEMU_FIRMWARE_H
#define GHOSTBOOT_CLI_QEMU_FIRMWARE_H

#include "cli/qemu/qemu_args.h"

#define OVMF_CODE "/usr/share/OVMF/OVMF_CODE_4M.fd"
#define OVMF_VARS "/usr/share/OVMF/OVMF_VARS_4M.fd"

/* With `setup->uefi`: checks that OVMF is installed and copies its
 * variable store into `directory`. Returns 0, or -1 after an error. */
int firmware_prepare(struct qemu_setup *setup, const char *directory);

#endif
