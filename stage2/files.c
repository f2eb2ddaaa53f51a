#include "stage2/files.h"

#include "stage2/lib.h"
#include "stage2/memory.h"

static const char *describe(const struct fs_volume *volume, int error)
{
	if ((error == FS_ERR_CORRUPT || error == FS_ERR_UNSUPPORTED) && volume->detail)
		return volume->detail;
	return fs_strerror(error);
}

int file_open(struct fs_volume *volume, const char *path, struct fs_file *file, const char **why)
{
	int error = fs_open(volume, path, file);
	if (error)
		*why = describe(volume, error);
	return error ? -1 : 0;
}

int file_read_exact(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length,
		    const char **why)
{
	int64_t got = fs_read(file, offset, buffer, length);
	if (got < 0) {
		*why = describe(file->volume, (int)got);
		return -1;
	}
	if ((uint64_t)got != length) {
		*why = "file ends before its headers say";
		return -1;
	}
	return 0;
}

int file_check_pin(const struct config_file *ref, struct sha256 *hash, const char **why)
{
	uint8_t digest[SHA256_SIZE];
	sha256_final(hash, digest);
	if (ref->has_sha256 && memcmp(digest, ref->sha256, sizeof digest) != 0) {
		*why = "contents do not match the sha256= pin";
		return -1;
	}
	return 0;
}

int file_load(struct fs_volume *volume, const struct config_file *ref, void **data,
	      uint64_t *size, const char **why)
{
	struct fs_file file;
	if (file_open(volume, ref->path, &file, why))
		return -1;
	if (file.size > 0x40000000) {
		*why = "larger than 1 GiB";
		return -1;
	}
	*data = memory_allocate((uint32_t)file.size);
	if (!*data) {
		*why = "no free memory large enough for it";
		return -1;
	}
	*size = file.size;
	if (file_read_exact(&file, 0, *data, file.size, why))
		return -1;
	struct sha256 hash;
	sha256_init(&hash);
	if (ref->has_sha256)
		sha256_update(&hash, *data, (size_t)file.size);
	return file_check_pin(ref, &hash, why);
}
