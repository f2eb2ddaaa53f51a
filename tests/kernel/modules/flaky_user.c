/* A module for tests only (build/tests/modules/flaky_user.gbm): its init
 * calls flaky's export, which faults the first time, so the kernel restarts
 * flaky and, with it, this module whose init the fault cut short
 * (docs/kernel.md "Restart after a fault"). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "tests/kernel/modules/flaky_api.h"

static int flaky_user_init(void)
{
	uint32_t value = flaky_value();
	kprintf("flaky_user: flaky_value() returned %#x\n", value);
	return value == FLAKY_VALUE ? 0 : 1;
}

static void flaky_user_exit(void)
{
	kprintf("flaky_user: exit\n");
}

GB_MODULE("flaky_user", flaky_user_init, flaky_user_exit);
