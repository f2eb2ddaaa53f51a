/* fsread: reads one file out of a filesystem image through fs/ (the reader
 * stage 2 uses), for the tests to compare with what the real tools wrote.
 *
 *   fsread [options] IMAGE PATH [OFFSET LENGTH]   the file's bytes to stdout
 *   fsread --info IMAGE                           the volume's type and layout
 *   fsread --stat IMAGE PATH                      the file's size and chain (FAT)
 *                                                 or inode and block mapping (ext)
 *
 * Options: --sector-size N (the device's, default 512), --chunk N (read in
 * pieces of N bytes, in order), --count-reads (device reads per phase, on
 * stderr), --bad-sector N (any read that covers device sector N fails, as
 * a disk's bad sector does; up to 8 of them). Errors go to stderr as
 * "fsread: ..." with exit status 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/ext2_disk.h"
#include "fs/fs.h"

#define BAD_SECTORS_MAX 8

struct image {
	int fd;
	unsigned long reads;
	unsigned bad_count;
	uint64_t bad[BAD_SECTORS_MAX];
};

static int image_read(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	struct image *image = dev->context;
	size_t bytes = (size_t)count * dev->sector_size;
	ssize_t got = pread(image->fd, buf, bytes, (off_t)(lba * dev->sector_size));

	image->reads++;
	for (unsigned i = 0; i < image->bad_count; i++) {
		if (image->bad[i] >= lba && image->bad[i] - lba < count)
			return -1;
	}
	return got == (ssize_t)bytes ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: fsread [--sector-size N] [--chunk N] [--count-reads] "
			"[--bad-sector N]... IMAGE PATH [OFFSET LENGTH]\n       fsread [--sector-size N] --info IMAGE\n"
			"       fsread [--sector-size N] --stat IMAGE PATH\n");
	exit(2);
}

static unsigned long long number(const char *text)
{
	char *end;
	unsigned long long value;

	errno = 0;
	value = strtoull(text, &end, 0);
	if (errno != 0 || *text == '\0' || *end != '\0') {
		fprintf(stderr, "fsread: not a number: %s\n", text);
		exit(2);
	}
	return value;
}

static int fail(const char *what, const struct fs_volume *volume, int error)
{
	if (volume->detail && error != FS_ERR_IO)
		fprintf(stderr, "fsread: %s: %s: %s\n", what, fs_strerror(error), volume->detail);
	else
		fprintf(stderr, "fsread: %s: %s\n", what, fs_error_text(volume, error));
	return 1;
}

int main(int argc, char **argv)
{
	static struct fs_volume volume;
	static struct fs_file file;
	struct image image = { .fd = -1 };
	struct blockdev dev;
	struct stat st;
	unsigned long long sector_size = 512, chunk = 1 << 20, offset = 0, length;
	unsigned long reads_mounted, reads_opened;
	int count_reads = 0, info = 0, show_stat = 0;
	unsigned char *buffer;
	int error, i;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--count-reads") == 0)
			count_reads = 1;
		else if (strcmp(argv[i], "--info") == 0)
			info = 1;
		else if (strcmp(argv[i], "--stat") == 0)
			show_stat = 1;
		else if (strcmp(argv[i], "--sector-size") == 0 && i + 1 < argc)
			sector_size = number(argv[++i]);
		else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc)
			chunk = number(argv[++i]);
		else if (strcmp(argv[i], "--bad-sector") == 0 && i + 1 < argc &&
			 image.bad_count < BAD_SECTORS_MAX)
			image.bad[image.bad_count++] = number(argv[++i]);
		else
			usage();
	}
	argc -= i;
	argv += i;
	if (argc < 1 || (info && argc != 1) || (!info && argc != 2 && argc != 4) || chunk == 0 ||
	    sector_size == 0)
		usage();

	image.fd = open(argv[0], O_RDONLY);
	if (image.fd < 0 || fstat(image.fd, &st) != 0) {
		fprintf(stderr, "fsread: %s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	dev.read = image_read;
	dev.context = &image;
	dev.first_lba = 0;
	dev.sector_size = (uint32_t)sector_size;
	dev.sector_count = (uint64_t)st.st_size / sector_size;

	error = fs_mount(&volume, &dev);
	if (error != FS_OK)
		return fail(argv[0], &volume, error);
	reads_mounted = image.reads;
	if (info && volume.kind == FS_KIND_FAT) {
		const struct fat_volume *fat = &volume.u.fat;
		printf("%s %s clusters=%u cluster_size=%u sector_size=%u\n", fs_kind_name(volume.kind),
		       fat_type_name(fat), fat->cluster_count, 1u << fat->cluster_shift,
		       fat->bytes_per_sector);
		return 0;
	}
	if (info) {
		const struct ext2_volume *ext = &volume.u.ext2;
		printf("%s blocks=%llu block_size=%u inode_size=%u groups=%u desc_size=%u\n",
		       fs_kind_name(volume.kind), (unsigned long long)ext->blocks_count,
		       1u << ext->block_shift, ext->inode_size, ext->group_count, ext->desc_size);
		return 0;
	}

	error = fs_open(&volume, argv[1], &file);
	if (error != FS_OK)
		return fail(argv[1], &volume, error);
	reads_opened = image.reads;
	if (show_stat && volume.kind == FS_KIND_FAT) {
		const struct fat_file *fat = &file.u.fat;
		printf("size=%llu first_cluster=%u chain=%u first_run=%u\n",
		       (unsigned long long)file.size, fat->first_cluster, fat->chain_length,
		       fat->first_run);
		return 0;
	}
	if (show_stat) {
		const struct ext2_file *ext = &file.u.ext2;
		const struct ext4_extent_header *root = (const void *)ext->i_block;
		if (ext->i_flags & EXT4_EXTENTS_FL)
			printf("size=%llu inode=%u extents depth=%u\n", (unsigned long long)file.size,
			       ext->inode, ext2_le16(root->eh_depth));
		else
			printf("size=%llu inode=%u block map\n", (unsigned long long)file.size, ext->inode);
		return 0;
	}

	if (argc == 4)
		offset = number(argv[2]);
	length = argc == 4 ? number(argv[3]) : file.size;
	buffer = malloc(chunk);
	if (!buffer) {
		fprintf(stderr, "fsread: out of memory\n");
		return 1;
	}
	while (length > 0) {
		unsigned long long want = length < chunk ? length : chunk;
		int64_t got = fs_read(&file, offset, buffer, want);

		if (got < 0)
			return fail(argv[1], &volume, (int)got);
		if (got == 0)
			break; /* the end of the file */
		if (fwrite(buffer, 1, (size_t)got, stdout) != (size_t)got) {
			fprintf(stderr, "fsread: writing: %s\n", strerror(errno));
			return 1;
		}
		offset += (unsigned long long)got;
		length -= (unsigned long long)got;
	}
	if (count_reads)
		fprintf(stderr, "reads: mount=%lu open=%lu read=%lu\n", reads_mounted,
			reads_opened - reads_mounted, image.reads - reads_opened);
	free(buffer);
	return fflush(stdout) == 0 ? 0 : 1;
}
