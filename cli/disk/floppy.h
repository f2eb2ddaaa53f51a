/* Floppy disk images, told apart from hard disks by their size: the BIOS
 * boots them as drive A: (DL = 0x00), through CHS calls only. */
#ifndef GHOSTBOOT_CLI_DISK_FLOPPY_H
#define GHOSTBOOT_CLI_DISK_FLOPPY_H

#include <stdint.h>

/* Whether `bytes` is the size of a PC floppy: 360K, 720K, 1.2M, 1.44M or 2.88M. */
int floppy_size(uint64_t bytes);

#endif
