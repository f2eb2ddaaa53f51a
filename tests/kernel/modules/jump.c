/* A module for tests only (build/tests/modules/jump.gbm), loaded isolated
 * and never in ring 0: its init jumps to the kernel's first instruction.
 * Ring 3 cannot fetch it, so the kernel must stop the module, name it, and
 * carry on (docs/isolation.md). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/layout.h"

static int jump_module_init(void)
{
	int (*kernel_text)(void) = (int (*)(void))(uintptr_t)KERNEL_VIRT_BASE;
	kprintf("jump: jumping into kernel text at %p\n", (void *)(uintptr_t)kernel_text);
	kernel_text();
	kprintf("jump: kernel text ran in ring 3, isolation failed\n");
	return 0;
}

GB_MODULE("jump", jump_module_init, 0);
