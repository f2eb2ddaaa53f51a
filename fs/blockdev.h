/* The one thing a filesystem reader knows of a disk: read sectors.
 * Stage 2 backs it with BIOS calls, the CLI and the tests with a file. */
#ifndef GHOSTBOOT_FS_BLOCKDEV_H
#define GHOSTBOOT_FS_BLOCKDEV_H

#include <stddef.h>
#include <stdint.h>

struct blockdev {
	/* Reads `count` sectors starting at the absolute disk sector `lba` into
	 * `buf`. Returns 0, or -1 on an I/O error. Readers hand over whole
	 * contiguous runs at once: the device splits them as it needs. */
	int (*read)(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf);
	void *context;
	uint64_t first_lba;    /* added to every lba: the partition's start on the disk */
	uint64_t sector_count; /* reads past this are refused */
	uint32_t sector_size;  /* 512 on every BIOS disk of our time; 2048 and 4096 accepted */
};

/* Reads sectors of the device, relative to its start, checked against its size. */
int blockdev_read(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf);

/* Room for blockdev_read_each's message: "I/O error at LBA " and 20 digits. */
#define BLOCKDEV_ERROR_TEXT_SIZE 40

/* blockdev_read for data a reader needs: when the read fails, the sectors
 * are read again one at a time, so that a transient error passes and a
 * lasting one is pinned to its sector, named in `text` as
 * "I/O error at LBA N" (N counted from the start of the disk). */
int blockdev_read_each(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf,
		       char text[BLOCKDEV_ERROR_TEXT_SIZE]);

/* A view of `count` sectors of `disk` starting at `first_lba`: a partition. */
void blockdev_slice(struct blockdev *part, const struct blockdev *disk, uint64_t first_lba,
		    uint64_t count);

#endif
