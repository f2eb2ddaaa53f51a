#include "cli/check/files.h"

#include <string.h>

#include "config/sha256.h"

int check_files_read(const struct check_files *files, const struct config_file *ref,
		     struct file_bytes *file, const char **why)
{
	uint8_t digest[SHA256_SIZE];
	struct sha256 hash;

	if (files->read(files->context, ref->path, file, why) != 0)
		return -1;
	if (!ref->has_sha256)
		return 0;
	sha256_init(&hash);
	sha256_update(&hash, file->bytes, file->size);
	sha256_final(&hash, digest);
	if (memcmp(digest, ref->sha256, sizeof(digest)) == 0)
		return 0;
	/* Stage 2's words (stage2/files.c). */
	*why = "contents do not match the sha256= pin";
	file_bytes_free(file);
	return -1;
}
