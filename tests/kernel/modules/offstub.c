/* A module for tests only (build/tests/modules/offstub.gbm), loaded
 * isolated: its init raises gate 0, an index the loader did give it (its
 * import of kprintf), from its own code instead of the gate's stub. The
 * kernel must stop the module, naming where the gate was raised, and carry
 * on (docs/isolation.md). */
#include <stdint.h>

#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"

static int offstub_module_init(void)
{
	kprintf("offstub: raising gate 0 outside its stub\n");
	uint64_t result;
	__asm__ volatile("xor %%eax, %%eax\n\t"
			 "int %1"
			 : "=a"(result)
			 : "i"(GB_GATE_VECTOR)
			 : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
	kprintf("offstub: gate 0 returned %#lx, the kernel let it through\n",
		(unsigned long)result);
	return 0;
}

GB_MODULE("offstub", offstub_module_init, 0);
