/* Another EFI image started from the loader's memory: chainloaded
 * applications and Linux's EFI stub (uefi/protocols/). */
#ifndef GHOSTBOOT_UEFI_IMAGE_H
#define GHOSTBOOT_UEFI_IMAGE_H

#include <stdint.h>

#include "uefi/efi.h"

/* Has the firmware load the PE file in `bytes` (its own checks); `what`
 * and `path` name it in the error that stops the boot otherwise. */
efi_handle uefi_image_load(const char *what, const char *path, void *bytes, uint64_t size);

/* Sets its load options to `options` as UCS-2 (Linux reads its command
 * line there), for at most `length` characters. */
void uefi_image_options(efi_handle image, const char *options, uint64_t length);

/* Starts it; returns its status once it has returned, and unloads it. */
efi_status uefi_image_start(efi_handle image);

#endif
