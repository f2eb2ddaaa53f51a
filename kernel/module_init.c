#include "kernel/module_init.h"

#include "kernel/kprintf.h"
#include "kernel/linked_modules.h"
#include "kernel/module_call.h"
#include "kernel/module_restart.h"

/* The first module m imports from that is not ready, or NULL. */
static const struct linked_module *disabled_dependency(const struct linked_module *m)
{
	for (uint32_t d = 0; d < m->depends_count; d++) {
		const struct linked_module *dependency = linked_module(m->depends[d]);
		if (dependency->status != MODULE_READY)
			return dependency;
	}
	return 0;
}

/* Returns true when a fault restarted modules, which are pending again. */
static bool init_module(struct linked_module *m)
{
	const struct linked_module *dependency = disabled_dependency(m);
	if (dependency) {
		m->status = MODULE_DEPENDENCY_DISABLED;
		kprintf("module %s: disabled: it depends on %s, which is %s\n", m->name,
			dependency->name, module_status_name(dependency->status));
		return false;
	}
	if (!m->init) {
		m->status = MODULE_READY;
		kprintf("module %s: ready, it has no init\n", m->name);
		return false;
	}
	uint64_t value;
	struct linked_module *faulted = module_call(m->init, &value);
	if (faulted && module_restart_after_fault(faulted, m))
		return true;
	if (faulted == m)
		return false; /* reported and disabled */
	if (faulted) {
		m->status = MODULE_INIT_FAILED;
		kprintf("module %s: disabled: its init was cut short by the fault in %s\n", m->name,
			faulted->name);
		return false;
	}
	int result = (int)(uint32_t)value; /* init returns an int */
	if (result != 0) {
		m->status = MODULE_INIT_FAILED;
		kprintf("module %s: disabled: init returned %d\n", m->name, result);
		return false;
	}
	m->status = MODULE_READY;
	kprintf("module %s: initialised\n", m->name);
	return false;
}

void modules_start_pending(void)
{
	/* A restart makes earlier modules pending again: then start over. */
	for (uint32_t i = 0; i < linked_module_count(); i++) {
		struct linked_module *m = linked_module(i);
		if (m->status == MODULE_PENDING && init_module(m))
			i = (uint32_t)-1;
	}
}

void modules_init(void)
{
	for (uint32_t i = 0; i < linked_module_count(); i++) {
		if (linked_module(i)->status == MODULE_UNLINKED)
			kprintf("module %s: not linked by the loader, not initialised\n",
				linked_module(i)->name);
	}
	modules_start_pending();
}
