/* A module for tests only (build/tests/modules/poke.gbm), loaded isolated:
 * its init writes to the kernel's first page. Ring 3 cannot reach it, so
 * the kernel must stop the module, name it, and carry on (docs/isolation.md). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/layout.h"

static int poke_module_init(void)
{
	volatile uint8_t *kernel = (volatile uint8_t *)(uintptr_t)KERNEL_VIRT_BASE;
	kprintf("poke: writing to kernel memory at %p\n", (void *)(uintptr_t)kernel);
	*kernel = 0xcc;
	/* Reached only when the write went through: isolation failed. */
	kprintf("poke: the write went through, kernel memory is not protected\n");
	return 0;
}

GB_MODULE("poke", poke_module_init, 0);
