/* A module for tests only (build/tests/modules/fault.gbm, never in
 * build/modules): its init writes to its own text, which the loader maps
 * read-only, so the write faults. The kernel must report the fault by module
 * name and offset, disable the module and carry on (docs/kernel.md). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"

static int fault_module_init(void)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)fault_module_init;
	kprintf("fault: writing to my own text at %p\n", (void *)(uintptr_t)text);
	*text = *text;
	/* Reached only when the text was writable: the loader mapped it wrong. */
	kprintf("fault: the write went through, my text is writable\n");
	return 0;
}

GB_MODULE("fault", fault_module_init, 0);
