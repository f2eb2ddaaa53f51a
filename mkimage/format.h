/* The disk layout mkimage builds: an MBR with one bootable FAT partition
 * from 1 MiB to the end, made by sfdisk and mkfs.fat. */
#ifndef GHOSTBOOT_MKIMAGE_FORMAT_H
#define GHOSTBOOT_MKIMAGE_FORMAT_H

#include <stdint.h>

/* 1 MiB: the usual alignment, and room for stage 2 in the gap before it. */
#define FORMAT_PARTITION_START 2048u

/* Checks that a disk of `bytes` can hold a FAT`fat_bits` partition that
 * readers agree on. Returns 0, or -1 after an error with the sizes to use. */
int format_check_size(uint64_t bytes, unsigned fat_bits);

/* Writes the partition table and the filesystem into `path`, a file of
 * `bytes` (already that long). Returns 0, or -1 after an error. */
int format_disk(const char *path, uint64_t bytes, unsigned fat_bits);

#endif
