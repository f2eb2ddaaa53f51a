/* Linux: a bzImage whose setup header stage 2 accepts, read by the reader
 * stage 2 runs (linux/bzimage.c), and a command line within its
 * cmdline_size; in stage 2's words (stage2/protocols/linux.c). */
#include "cli/check/protocols.h"

#include <string.h>

#include "cli/common/diag.h"
#include "linux/bzimage.h"

int linux_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
		       struct module_files *modules)
{
	size_t head = kernel->size < BZIMAGE_HEAD_SIZE ? kernel->size : BZIMAGE_HEAD_SIZE;
	struct bzimage image;
	const char *why = bzimage_read(&image, kernel->bytes, head, kernel->size);

	(void)modules;
	if (why)
		return error("kernel %s: %s", kernel->path, why);
	if (strlen(entry->cmdline) > image.cmdline_size)
		return error("kernel %s: the command line is %zu bytes, more than its cmdline_size "
			     "of %u",
			     kernel->path, strlen(entry->cmdline), image.cmdline_size);
	return 0;
}
