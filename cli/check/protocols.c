#include "cli/check/protocols.h"

#include <string.h>

/* One line a protocol: a new one adds its name and check here. */
static const struct kernel_protocol protocols[] = {
	{ "ghostboot", ghostboot_kernel_check, 1 },
	{ "multiboot1", multiboot1_kernel_check, 0 },
	{ "multiboot2", multiboot2_kernel_check, 0 },
	{ "linux", linux_kernel_check, 0 },
	{ "chainload", chainload_check, 0 },
};

const struct kernel_protocol *kernel_protocol_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++)
		if (strcmp(protocols[i].name, name) == 0)
			return &protocols[i];
	return 0;
}
