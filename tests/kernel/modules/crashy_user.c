/* A module for tests only (build/tests/modules/crashy_user.gbm), loaded
 * isolated: its init calls crashy_fault in the ring-0 module crashy through
 * a gate. The fault there must come back as a failed call (0), and the init
 * carries on (docs/isolation.md "Faults"). */
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "tests/kernel/modules/crashy_api.h"

static int crashy_user_init(void)
{
	kprintf("crashy_user: calling crashy_fault in ring 0\n");
	int result = crashy_fault();
	kprintf("crashy_user: crashy_fault returned %d, carrying on\n", result);
	return result == 0 ? 0 : -1;
}

GB_MODULE("crashy_user", crashy_user_init, 0);
