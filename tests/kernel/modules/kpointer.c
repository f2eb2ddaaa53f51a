/* A module for tests only (build/tests/modules/kpointer.gbm), loaded
 * isolated: its init hands kprintf a kernel address as a %s string. The
 * gate must refuse it, stopping the module with the argument named, before
 * the kernel reads a byte there (docs/isolation.md). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/layout.h"

static int kpointer_module_init(void)
{
	const char *kernel = (const char *)(uintptr_t)KERNEL_VIRT_BASE;
	kprintf("kpointer: passing %p to kprintf as a string\n", (const void *)kernel);
	kprintf("kpointer: the kernel's bytes: %s\n", kernel);
	kprintf("kpointer: the gate let a kernel pointer through\n");
	return 0;
}

GB_MODULE("kpointer", kpointer_module_init, 0);
