/* `ghostboot install --firmware uefi|both`: the UEFI loader onto the EFI
 * system partition a disk already has, beside whatever else is there
 * (docs/install.md "The UEFI loader"). */
#ifndef GHOSTBOOT_CLI_INSTALL_UEFI_LOADER_H
#define GHOSTBOOT_CLI_INSTALL_UEFI_LOADER_H

/* Copies the embedded loader to \EFI\BOOT\BOOTX64.EFI on `target`'s EFI
 * system partition (GPT type C12A7328-..., MBR type 0xef, or a FAT volume
 * over the whole disk), which must have room for it; another loader's file
 * there is replaced only with `force`. Nothing else on the partition
 * changes. Returns 0, or -1 after an error, having written nothing. */
int install_uefi_loader(const char *target, int force, int quiet);

/* install --verify for the UEFI loader: 0 when it is on `target` and is
 * this version's, else -1 after an error. */
int install_verify_uefi_loader(const char *target);

#endif
