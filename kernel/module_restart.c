/* Module restarts. The loader hands over, per module, where its writable
 * data lies in its image and a copy of that data as linked, before any init
 * ran (struct gb_module_runtime, checked by restart_data.c); a restart
 * copies it back and zeroes the rest of the region, which is what the
 * module's data looked like at boot. */
#include "kernel/module_restart.h"

#include <ghostboot/module.h>

#include "kernel/bootinfo.h"
#include "kernel/exports.h"
#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/module_call.h"
#include "kernel/module_init.h"
#include "kernel/phys.h"
#include "kernel/reason.h"
#include "kernel/restart_data.h"

static struct restart_data data[MODULES_MAX];
static uint32_t restart_limit;
static bool in_restart[MODULES_MAX]; /* the modules of the restart under way */

void module_restart_register(const struct gb_bootinfo *bi, const struct module_table *modules,
			     const struct memmap *map)
{
	uint32_t count = linked_module_count();
	restart_limit = 0;
	if (bi->restart_limit == 0 || count == 0)
		return;
	if (bi->restart_limit > RESTART_LIMIT_MAX) {
		kprintf("restarts: none: the limit %u exceeds %u\n", bi->restart_limit,
			RESTART_LIMIT_MAX);
		return;
	}
	if (!map) {
		kprintf("restarts: none: without a memory map the data copies cannot be checked\n");
		return;
	}
	/* modules_get checked the table, or left it out with a reason. */
	const struct gb_module_runtime *runtime = modules->runtime;
	if (!runtime) {
		kprintf("restarts: none: the boot information has no module runtime table\n");
		return;
	}
	char why[REASON_MAX];
	for (uint32_t i = 0; i < count; i++) {
		const struct linked_module *m = linked_module(i);
		if (m->status != MODULE_PENDING)
			continue; /* never runs */
		if (!restart_data_check(&runtime[i], m->end - m->start, map, bi->kernel_phys_start,
					bi->kernel_phys_end, modules, &data[i], why))
			kprintf("module %s: never restarted: %s\n", m->name, why);
	}
	restart_limit = bi->restart_limit;
	kprintf("restarts: up to %u for each module\n", restart_limit);
}

/* Marks `first`, `interrupted` and every later module that imports from a
 * marked one and is ready: dependencies come earlier in the table, so one
 * pass in init order follows imports through other modules too. */
static void mark_restart(uint32_t first, const struct linked_module *interrupted)
{
	for (uint32_t i = 0; i < linked_module_count(); i++)
		in_restart[i] = i == first || linked_module(i) == interrupted;
	for (uint32_t i = first + 1; i < linked_module_count(); i++) {
		const struct linked_module *m = linked_module(i);
		for (uint32_t d = 0; m->status == MODULE_READY && d < m->depends_count; d++)
			in_restart[i] |= in_restart[m->depends[d]];
	}
}

/* A fault in an exit outside the restart disables that module; one inside
 * it is reported and then undone by the reset. */
static void call_exit(struct linked_module *m)
{
	uint64_t ignored;
	m->status = MODULE_EXITING; /* an isolated module's trampoline lets it in */
	struct linked_module *faulted = module_call(m->exit, &ignored);
	if (faulted && !in_restart[linked_module_index(faulted)])
		kprintf("module %s: disabled\n", faulted->name);
}

static void reset_data(struct linked_module *m, const struct restart_data *d)
{
	uint8_t *region = (uint8_t *)(uintptr_t)(m->start + d->offset);
	memcpy(region, d->copy, d->copy_size);
	memset(region + d->copy_size, 0, d->size - d->copy_size);
}

/* Exits in reverse init order (`first` only when `first_initialised`), then
 * the data of each put back and each made pending again. The whole table is
 * walked: an interrupted init may come before `first` (a callback). */
static void restart_marked(uint32_t first, bool first_initialised)
{
	struct linked_module *provider = linked_module(first);
	for (uint32_t i = linked_module_count(); i-- > 0;) {
		struct linked_module *m = linked_module(i);
		bool initialised = i == first ? first_initialised : m->status == MODULE_READY;
		if (in_restart[i] && initialised && m->exit)
			call_exit(m);
	}
	for (uint32_t i = 0; i < linked_module_count(); i++) {
		struct linked_module *m = linked_module(i);
		if (!in_restart[i])
			continue;
		if (!data[i].restartable) {
			m->status = MODULE_DEPENDENCY_DISABLED;
			kprintf("module %s: disabled: it cannot be restarted with %s\n", m->name,
				provider->name);
			continue;
		}
		reset_data(m, &data[i]);
		m->status = MODULE_PENDING;
		if (i != first)
			kprintf("module %s: restarted with %s\n", m->name, provider->name);
	}
}

bool module_restart_after_fault(struct linked_module *faulted, struct linked_module *interrupted)
{
	uint32_t index = linked_module_index(faulted);
	if (!data[index].restartable || faulted->restarts >= restart_limit) {
		if (faulted->restarts)
			kprintf("module %s: disabled after %u restarts\n", faulted->name,
				faulted->restarts);
		else
			kprintf("module %s: disabled\n", faulted->name);
		return false;
	}
	faulted->restarts++;
	kprintf("module %s: restart %u of %u\n", faulted->name, faulted->restarts, restart_limit);
	mark_restart(index, interrupted);
	restart_marked(index, faulted != interrupted);
	return true;
}

bool module_restart_now(struct linked_module *m)
{
	uint32_t index = linked_module_index(m);
	if (m->status != MODULE_READY || !data[index].restartable)
		return false;
	mark_restart(index, 0);
	restart_marked(index, true);
	return true;
}

struct linked_module *module_call_restarting(uint64_t fn, uint64_t *value)
{
	for (;;) {
		struct linked_module *faulted = module_call(fn, value);
		if (!faulted || !module_restart_after_fault(faulted, 0))
			return faulted;
		modules_start_pending();
		const struct linked_module *callee = linked_module_at(fn);
		if (!callee || callee->status != MODULE_READY)
			return faulted;
	}
}

unsigned module_restarts(const char *name)
{
	size_t length = kstrnlen(name, GB_MODULE_NAME_MAX);
	const struct linked_module *m = linked_module_named(name, length);
	return length < GB_MODULE_NAME_MAX && m ? m->restarts : 0;
}
GB_EXPORT_GATE(module_restarts, 0, GB_GATE_ARGS(GB_ARG_STRING, 0, 0, 0, 0, 0));
