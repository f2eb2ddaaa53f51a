/* The file API: hands each call to the reader of the mounted filesystem
 * and carries its explanation (`detail`) up to the volume. */
#include "fs.h"

int fs_mount(struct fs_volume *volume, const struct blockdev *dev)
{
	int error;

	volume->kind = FS_KIND_NONE;
	volume->detail = 0;
	error = fat_mount(&volume->u.fat, dev);
	volume->detail = volume->u.fat.detail;
	if (error == FS_OK)
		volume->kind = FS_KIND_FAT;
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
	}
	return "unknown error";
}

const char *fs_kind_name(enum fs_kind kind)
{
	switch (kind) {
	case FS_KIND_NONE:
		return "none";
	case FS_KIND_FAT:
		return "fat";
	}
	return "unknown";
}
