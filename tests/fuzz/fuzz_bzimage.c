/* libFuzzer target: the bzImage setup-header reader (linux/bzimage.c), on
 * the input as a kernel file's first bytes, as stage 2 reads them. What it
 * accepts must describe bytes the file holds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "linux/bzimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = size < BZIMAGE_HEAD_SIZE ? size : BZIMAGE_HEAD_SIZE;
	struct bzimage image;

	if (bzimage_read(&image, data, head, size))
		return 0;
	if (image.setup_size > size || image.kernel_size != size - image.setup_size ||
	    image.header_end > head)
		abort();
	if (image.version_string &&
	    (image.version_string < (const char *)data ||
	     image.version_string + image.version_string_length > (const char *)data + head))
		abort();
	return 0;
}
