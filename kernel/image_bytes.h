/* The kernel's own loaded image, byte for byte: expect-image= (docs/kernel.md). */
#ifndef KERNEL_IMAGE_BYTES_H
#define KERNEL_IMAGE_BYTES_H

#include <stdbool.h>

/* Each expect-image=ADDR,SIZE,FNV of the command line: the SIZE bytes at
 * virtual address ADDR (hex), inside this kernel's image, must have the
 * FNV-1a hash FNV. A test links a kernel with a known blob and checks that
 * the loader put every byte of its segment in place. */
bool image_bytes_check(const char *cmdline, char *why);

#endif
