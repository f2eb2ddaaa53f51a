/* Multiboot kernels: the header stage 2 looks for, read by the parser
 * stage 2 runs (multiboot/header.c). Their modules are raw files, of which
 * only presence and pins matter, and those the entry check has read. */
#include "cli/check/protocols.h"

#include "cli/common/diag.h"
#include "multiboot/header.h"

static int check_header(const struct file_bytes *kernel, unsigned version)
{
	size_t head = kernel->size < MB2_SEARCH_SIZE ? kernel->size : MB2_SEARCH_SIZE;
	struct mb1_header mb1;
	struct mb2_header mb2;
	const char *why;
	uint32_t number;
	int found = version == 1
			    ? mb1_header_find(kernel->bytes, head, kernel->size, &mb1, &why, &number)
			    : mb2_header_find(kernel->bytes, head, kernel->size, &mb2, false, &why, &number);

	if (found > 0)
		return 0;
	if (found == 0)
		return error("kernel %s has no multiboot%u header", kernel->path, version);
	if (number != MB_NO_NUMBER)
		return error("kernel %s: multiboot%u header: %s %u", kernel->path, version, why,
			     number);
	return error("kernel %s: multiboot%u header: %s", kernel->path, version, why);
}

int multiboot1_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
			    struct module_files *modules)
{
	(void)entry;
	(void)modules;
	return check_header(kernel, 1);
}

int multiboot2_kernel_check(const struct config_entry *entry, const struct file_bytes *kernel,
			    struct module_files *modules)
{
	(void)entry;
	(void)modules;
	return check_header(kernel, 2);
}
