/* A module for tests only (build/tests/modules/forged.gbm), loaded isolated:
 * its init raises the gate itself, as a stub would, with an index the
 * loader never gave it. The kernel must stop the module, naming the gate,
 * and carry on (docs/isolation.md). */
#include <stdint.h>

#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"

#define FORGED_GATE 999

static int forged_module_init(void)
{
	kprintf("forged: raising gate %d by hand\n", FORGED_GATE);
	uint64_t result;
	__asm__ volatile("mov %1, %%eax\n\t"
			 "int %2"
			 : "=a"(result)
			 : "i"(FORGED_GATE), "i"(GB_GATE_VECTOR)
			 : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
	kprintf("forged: gate %d returned %#lx, the kernel let it through\n", FORGED_GATE,
		(unsigned long)result);
	return 0;
}

GB_MODULE("forged", forged_module_init, 0);
