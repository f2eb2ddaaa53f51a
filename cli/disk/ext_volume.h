/* The two facts of an ext2/3/4 superblock the installer needs to place
 * stage 2 in a file: that it is one, and its block size. Reading the
 * volume is the job of fs/ and debugfs. */
#ifndef GHOSTBOOT_CLI_DISK_EXT_VOLUME_H
#define GHOSTBOOT_CLI_DISK_EXT_VOLUME_H

#include <stdint.h>

#include "fs/blockdev.h"

/* When `volume` starts with an ext2/3/4 superblock, returns 1 and its block
 * size in bytes (1 KiB to 64 KiB), else 0. */
int ext_volume_block_size(const struct blockdev *volume, uint32_t *block_size);

#endif
