/* A module for tests only (build/tests/modules/crashy.gbm), loaded in
 * ring 0: its export crashy_fault writes to its own text, a page fault in
 * ring 0. Called through a gate by the isolated crashy_user, the fault must
 * disable crashy alone and fail the gate call, leaving crashy_user running;
 * its export crashy_run runs a function the isolated smep_user hands it,
 * in ring 0, which SMEP must refuse (docs/isolation.md "Faults"). */
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "tests/kernel/modules/crashy_api.h"

int crashy_fault(void)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)crashy_fault;
	*text = *text;
	kprintf("crashy: the write to my text went through\n");
	return 1;
}
GB_EXPORT_GATE(crashy_fault, 0, GB_GATE_ARGS(0, 0, 0, 0, 0, 0));

int crashy_run(unsigned long function)
{
	return ((int (*)(void))function)();
}
GB_EXPORT_GATE(crashy_run, 0, GB_GATE_ARGS(GB_ARG_INT, 0, 0, 0, 0, 0));

static int crashy_init(void)
{
	return 0;
}

GB_MODULE("crashy", crashy_init, 0);
