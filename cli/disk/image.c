#include "cli/disk/image.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include "cli/common/diag.h"

/* A block device's size and logical sector size; BIOS boot code reads
 * 512-byte sectors, so others are refused. */
static int block_device_size(struct image *image)
{
#ifdef __linux__
	uint64_t bytes;
	int sector_size;

	if (ioctl(image->fd, BLKGETSIZE64, &bytes) != 0)
		return error("%s: cannot get the device size: %s", image->path, strerror(errno));
	if (ioctl(image->fd, BLKSSZGET, &sector_size) != 0)
		return error("%s: cannot get the sector size: %s", image->path, strerror(errno));
	if (sector_size != SECTOR_SIZE)
		return error("%s has %d-byte sectors; BIOS booting needs 512-byte sectors",
			     image->path, sector_size);
	image->size = bytes;
	return 0;
#else
	return error("%s: block devices are supported on Linux only", image->path);
#endif
}

/* One writer at a time: an exclusive flock on a descriptor that the tools
 * ghostboot runs inherit (it is not close-on-exec). A tool writing the
 * volume finishes even when ghostboot is killed (cli/tools/tool.c), and
 * holds the lock until it has, so the next run waits instead of writing
 * beside it. */
static int lock_for_writing(struct image *image)
{
	image->lock_fd = open(image->path, O_RDONLY);
	if (image->lock_fd < 0)
		return error("cannot open %s: %s", image->path, strerror(errno));
	if (flock(image->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return error("cannot lock %s: %s", image->path, strerror(errno));
	warning("waiting for another ghostboot, or a tool an interrupted one started, to "
		"finish writing %s",
		image->path);
	while (flock(image->lock_fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return error("cannot lock %s: %s", image->path, strerror(errno));
	return 0;
}

int image_open(struct image *image, const char *path, int writable)
{
	struct stat info;

	image->path = path;
	image->lock_fd = -1;
	image->fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (image->fd < 0)
		return error("cannot open %s: %s", path, strerror(errno));
	if (writable && lock_for_writing(image) != 0) {
		image_close(image);
		return -1;
	}
	if (fstat(image->fd, &info) != 0) {
		error("cannot examine %s: %s", path, strerror(errno));
		image_close(image);
		return -1;
	}
	if (S_ISBLK(info.st_mode)) {
		if (block_device_size(image) != 0) {
			image_close(image);
			return -1;
		}
	} else if (S_ISREG(info.st_mode)) {
		image->size = (uint64_t)info.st_size;
	} else {
		error("%s is neither an image file nor a block device", path);
		image_close(image);
		return -1;
	}
	return 0;
}

void image_close(struct image *image)
{
	if (image->fd >= 0)
		close(image->fd);
	if (image->lock_fd >= 0)
		close(image->lock_fd);
	image->fd = -1;
	image->lock_fd = -1;
}

/* pread until `length` bytes are in; 0 at the end of the image is short. */
static int read_fully(int fd, uint64_t offset, uint8_t *buffer, size_t length)
{
	while (length > 0) {
		ssize_t got = pread(fd, buffer, length, (off_t)offset);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0) {
			errno = EIO;
			return -1;
		}
		buffer += got;
		offset += (uint64_t)got;
		length -= (size_t)got;
	}
	return 0;
}

int image_read(const struct image *image, uint64_t offset, void *buffer, size_t length)
{
	if (offset > image->size || length > image->size - offset)
		return error("%s: read of %zu bytes at offset %llu is past its end", image->path,
			     length, (unsigned long long)offset);
	if (read_fully(image->fd, offset, buffer, length) != 0)
		return error("cannot read %s at offset %llu: %s", image->path,
			     (unsigned long long)offset, strerror(errno));
	return 0;
}

int image_write(const struct image *image, uint64_t offset, const void *buffer, size_t length)
{
	const uint8_t *bytes = buffer;

	if (offset > image->size || length > image->size - offset)
		return error("%s: write of %zu bytes at offset %llu is past its end", image->path,
			     length, (unsigned long long)offset);
	while (length > 0) {
		ssize_t put = pwrite(image->fd, bytes, length, (off_t)offset);

		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return error("cannot write %s at offset %llu: %s", image->path,
				     (unsigned long long)offset, put < 0 ? strerror(errno) : "no progress");
		bytes += put;
		offset += (uint64_t)put;
		length -= (size_t)put;
	}
	return 0;
}

int image_sync(const struct image *image)
{
	if (fsync(image->fd) != 0)
		return error("cannot flush %s to disk: %s", image->path, strerror(errno));
	return 0;
}

static int read_sectors(const struct blockdev *disk, uint64_t lba, uint32_t count, void *buffer)
{
	const struct image *image = disk->context;
	uint64_t bytes = (uint64_t)count * SECTOR_SIZE;

	if (lba > image->size / SECTOR_SIZE || bytes > image->size - lba * SECTOR_SIZE)
		return -1;
	return read_fully(image->fd, lba * SECTOR_SIZE, buffer, (size_t)bytes);
}

void image_blockdev(const struct image *image, struct blockdev *disk)
{
	disk->read = read_sectors;
	disk->context = (void *)image;
	disk->first_lba = 0;
	disk->sector_count = image->size / SECTOR_SIZE;
	disk->sector_size = SECTOR_SIZE;
}
