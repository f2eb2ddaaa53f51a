/* A disk image file or block device, read and written with pread/pwrite at
 * absolute byte offsets, in 512-byte sectors as a BIOS sees them. */
#ifndef GHOSTBOOT_CLI_DISK_IMAGE_H
#define GHOSTBOOT_CLI_DISK_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

#define SECTOR_SIZE 512

struct image {
	int fd;
	int lock_fd; /* held while open for writing: one writer at a time */
	const char *path;
	uint64_t size; /* bytes */
};

/* Opens an image file or a block device; for writing, once no other
 * ghostboot (or a tool one left running) writes it. Returns 0, or -1 after
 * an error. */
int image_open(struct image *image, const char *path, int writable);
void image_close(struct image *image);

/* Whole reads and writes; each returns 0, or -1 after an error naming the
 * image and the offset. */
int image_read(const struct image *image, uint64_t offset, void *buffer, size_t length);
int image_write(const struct image *image, uint64_t offset, const void *buffer, size_t length);

/* Makes what was written durable. Returns 0, or -1 after an error. */
int image_sync(const struct image *image);

/* The whole image as a device the partition and filesystem readers use. */
void image_blockdev(const struct image *image, struct blockdev *disk);

#endif
