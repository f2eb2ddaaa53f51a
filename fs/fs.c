/* The file API: hands each call to the reader of the mounted filesystem
 * and carries its explanation (`detail`) up to the volume. */
#include "fs/fs.h"

/* FAT_CACHE_SIZE (fs/fat.h) is sized to fit beside ext's buffers. */
_Static_assert(sizeof(struct fat_volume) <= sizeof(struct ext2_volume),
	       "the FAT window makes struct fs_volume larger");

static enum fs_kind fs_ext2_kind(const struct ext2_volume *volume)
{
	return volume->flavor == EXT2_FLAVOR_EXT4   ? FS_KIND_EXT4
	       : volume->flavor == EXT2_FLAVOR_EXT3 ? FS_KIND_EXT3
						    : FS_KIND_EXT2;
}

/* FAT first, then ext. When neither mounts, the error of the one that
 * recognised its own signature is the one worth reporting. */
int fs_mount(struct fs_volume *volume, const struct blockdev *dev)
{
	const char *fat_detail;
	int fat_error;
	int error;

	volume->kind = FS_KIND_NONE;
	volume->detail = 0;
	fat_error = fat_mount(&volume->u.fat, dev);
	fat_detail = volume->u.fat.detail;
	if (fat_error == FS_OK) {
		volume->kind = FS_KIND_FAT;
		return FS_OK;
	}
	error = ext2_mount(&volume->u.ext2, dev);
	volume->detail = volume->u.ext2.detail;
	if (error == FS_OK) {
		volume->kind = fs_ext2_kind(&volume->u.ext2);
		return FS_OK;
	}
	if (error == FS_ERR_NO_FILESYSTEM) {
		volume->detail = fat_detail;
		return fat_error;
	}
	return error;
}

int fs_open(struct fs_volume *volume, const char *path, struct fs_file *file)
{
	int error;

	file->volume = volume;
	file->size = 0;
	volume->detail = 0;
	switch (volume->kind) {
	case FS_KIND_FAT:
		error = fat_open(&volume->u.fat, path, &file->u.fat);
		volume->detail = volume->u.fat.detail;
		if (error == FS_OK)
			file->size = file->u.fat.size;
		return error;
	case FS_KIND_EXT2:
	case FS_KIND_EXT3:
	case FS_KIND_EXT4:
		error = ext2_open(&volume->u.ext2, path, &file->u.ext2);
		volume->detail = volume->u.ext2.detail;
		if (error == FS_OK)
			file->size = file->u.ext2.size;
		return error;
	case FS_KIND_NONE:
		break;
	}
	volume->detail = "volume is not mounted";
	return FS_ERR_NO_FILESYSTEM;
}

int64_t fs_read(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length)
{
	struct fs_volume *volume = file->volume;
	int64_t result;

	volume->detail = 0;
	switch (volume->kind) {
	case FS_KIND_FAT:
		result = fat_read(&file->u.fat, offset, buffer, length);
		volume->detail = volume->u.fat.detail;
		return result;
	case FS_KIND_EXT2:
	case FS_KIND_EXT3:
	case FS_KIND_EXT4:
		result = ext2_read(&file->u.ext2, offset, buffer, length);
		volume->detail = volume->u.ext2.detail;
		return result;
	case FS_KIND_NONE:
		break;
	}
	volume->detail = "volume is not mounted";
	return FS_ERR_NO_FILESYSTEM;
}

const char *fs_strerror(int error)
{
	switch (error) {
	case FS_OK:
		return "success";
	case FS_ERR_IO:
		return "I/O error";
	case FS_ERR_NO_FILESYSTEM:
		return "no filesystem found";
	case FS_ERR_NOT_FOUND:
		return "file not found";
	case FS_ERR_NOT_A_FILE:
		return "not a regular file";
	case FS_ERR_NOT_A_DIRECTORY:
		return "not a directory";
	case FS_ERR_CORRUPT:
		return "filesystem is corrupt";
	case FS_ERR_UNSUPPORTED:
		return "unsupported filesystem feature";
	case FS_ERR_BAD_PATH:
		return "bad path";
	case FS_ERR_SYMLINK_LOOP:
		return "too many symbolic links";
	}
	return "unknown error";
}

const char *fs_error_text(const struct fs_volume *volume, int error)
{
	return volume->detail ? volume->detail : fs_strerror(error);
}

const char *fs_kind_name(enum fs_kind kind)
{
	switch (kind) {
	case FS_KIND_NONE:
		return "none";
	case FS_KIND_FAT:
		return "fat";
	case FS_KIND_EXT2:
		return "ext2";
	case FS_KIND_EXT3:
		return "ext3";
	case FS_KIND_EXT4:
		return "ext4";
	}
	return "unknown";
}
