/* A module for tests only (build/tests/modules/flaky.gbm): its export
 * changes its data and then faults the first time it is called after boot,
 * and works once the kernel has restarted the module (docs/kernel.md
 * "Restart after a fault"). Its init starts only from the data the loader
 * linked, a .data counter at its initial value and a .bss one at 0, so a
 * restart that did not put its data back or zero its bss fails the init. */
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "tests/kernel/modules/flaky_api.h"

#define GENERATION_LINKED 7

static uint32_t generation = GENERATION_LINKED; /* .data */
static uint32_t init_calls;                     /* .bss */

uint32_t flaky_value(void)
{
	if (generation != GENERATION_LINKED + 1 || init_calls != 1)
		return 0;
	generation++; /* a restart must undo this */
	if (module_restarts("flaky") == 0) {
		volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)flaky_value;
		kprintf("flaky: first call, writing to my own text\n");
		*text = *text;
		kprintf("flaky: the write went through, my text is writable\n");
	}
	generation--;
	return FLAKY_VALUE;
}
GB_EXPORT(flaky_value);

static int flaky_init(void)
{
	kprintf("flaky: init, generation %u, %u inits before\n", generation, init_calls);
	if (generation != GENERATION_LINKED || init_calls != 0)
		return 1; /* not the data the loader linked */
	generation++;
	init_calls++;
	return 0;
}

static void flaky_exit(void)
{
	kprintf("flaky: exit\n");
}

GB_MODULE("flaky", flaky_init, flaky_exit);
