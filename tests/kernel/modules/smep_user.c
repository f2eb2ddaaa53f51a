/* A module for tests only (build/tests/modules/smep_user.gbm), loaded
 * isolated on a CPU with SMEP: its init hands crashy_run, in ring 0, one of
 * its own functions. Ring 0 must not run it: SMEP faults, and the kernel
 * stops smep_user, naming it, and carries on (docs/isolation.md "Faults"). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "tests/kernel/modules/crashy_api.h"

static int in_ring_0(void)
{
	return 1;
}

static int smep_user_init(void)
{
	kprintf("smep_user: handing crashy_run my own function\n");
	if (crashy_run((unsigned long)(uintptr_t)in_ring_0) == 1) {
		kprintf("smep_user: my function ran in ring 0\n");
		return 0;
	}
	return -1;
}

GB_MODULE("smep_user", smep_user_init, 0);
