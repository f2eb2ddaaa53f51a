#include "stage2/files.h"

#include <stdarg.h>

#include "stage2/format.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

/* A reason with numbers in it: one at a time, printed before the next. */
static char reason[96];
static uint32_t reason_length;

static void reason_put(char c)
{
	if (reason_length < sizeof reason - 1)
		reason[reason_length++] = c;
}

__attribute__((format(printf, 1, 2))) static const char *reason_format(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	reason_length = 0;
	format_print(reason_put, format, args);
	reason[reason_length] = '\0';
	va_end(args);
	return reason;
}

int file_open(struct fs_volume *volume, const char *path, struct fs_file *file, const char **why)
{
	int error = fs_open(volume, path, file);
	if (error)
		*why = fs_error_text(volume, error);
	return error ? -1 : 0;
}

int file_read_exact(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length,
		    const char **why)
{
	int64_t got = fs_read(file, offset, buffer, length);
	if (got < 0) {
		*why = fs_error_text(file->volume, (int)got);
		return -1;
	}
	if ((uint64_t)got != length) {
		*why = "file ends before its headers say";
		return -1;
	}
	return 0;
}

int file_read_hashing(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length,
		      struct sha256 *hash, const char **why)
{
	if (!hash)
		return file_read_exact(file, offset, buffer, length, why);
	uint8_t *out = buffer;
	for (uint64_t done = 0; done < length;) {
		uint64_t piece = length - done < FILE_READ_CHUNK ? length - done : FILE_READ_CHUNK;
		if (file_read_exact(file, offset + done, out + done, piece, why))
			return -1;
		sha256_update(hash, out + done, (size_t)piece);
		done += piece;
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
	*data = memory_reserve((uint32_t)file.size);
	if (!*data) {
		*why = reason_format("%llu bytes, more than the largest free memory (%llu bytes)",
				     (unsigned long long)file.size,
				     (unsigned long long)memory_largest_free());
		return -1;
	}
	*size = file.size;
	uint64_t page_end = ALIGN_UP(file.size, (uint64_t)PAGE_SIZE);
	memset((uint8_t *)*data + file.size, 0, (size_t)(page_end - file.size));
	struct sha256 hash;
	sha256_init(&hash);
	if (file_read_hashing(&file, 0, *data, file.size, ref->has_sha256 ? &hash : 0, why))
		return -1;
	return file_check_pin(ref, &hash, why);
}
