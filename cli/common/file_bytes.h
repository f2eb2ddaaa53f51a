/* A whole input file in memory: a kernel or a module, for inspect and link. */
#ifndef GHOSTBOOT_CLI_COMMON_FILE_BYTES_H
#define GHOSTBOOT_CLI_COMMON_FILE_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* ghost's limit on a module image; no kernel or module file comes near. */
#define FILE_BYTES_MAX (1u << 30)

struct file_bytes {
	const char *path;
	uint8_t *bytes;
	size_t size;
};

/* Reads all of `path`, a regular file of at most FILE_BYTES_MAX bytes.
 * Returns 0, or -1 after an error naming the file. */
int file_bytes_read(const char *path, struct file_bytes *file);
void file_bytes_free(struct file_bytes *file);

#endif
