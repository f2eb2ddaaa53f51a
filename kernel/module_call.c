/* Fault isolation. Every call from the kernel into a module goes through
 * module_call_enter (module_call.asm), which records the caller's
 * callee-saved registers, return address, stack pointer and flags. When an
 * exception hits inside a module's image, module_call_recover (the
 * recovery hook of exceptions.h) loads that record into the exception
 * frame: the iretq then lands just after module_call_enter's call, with the
 * registers the compiler expects there, and module_call sees the fault
 * recorded. */
#include "kernel/module_call.h"

#include <stddef.h>

#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/exceptions.h"
#include "kernel/kprintf.h"

struct module_call_context {
	struct call_return saved; /* module_call.asm fills it */
	struct linked_module *faulted;
	struct module_call_context *outer; /* the call this one runs within */
};
_Static_assert(offsetof(struct module_call_context, saved) == 0, "module_call.asm offsets");

uint64_t module_call_enter(uint64_t fn, struct module_call_context *context);

static struct module_call_context *innermost;

struct linked_module *module_call(uint64_t fn, uint64_t *value)
{
	struct module_call_context context = { .faulted = NULL, .outer = innermost };
	innermost = &context;
	uint64_t result = module_call_enter(fn, &context);
	innermost = context.outer;
	if (!context.faulted)
		*value = result;
	return context.faulted;
}

static void report_fault(const struct linked_module *m, const struct exception_frame *f)
{
	console_start_line();
	kprintf("module %s faulted at %s+0x%lx\n", m->name, m->name, f->rip - m->start);
	kprintf("  exception %lu (%s), error code %#lx", f->vector, exception_name(f->vector),
		f->error_code);
	if (f->vector == VECTOR_PAGE_FAULT)
		kprintf(", cr2 %#lx", read_cr2());
	kprintf("\n");
}

static bool module_call_recover(struct exception_frame *f)
{
	struct module_call_context *c = innermost;
	struct linked_module *m = linked_module_at(f->rip);
	if (!c || !m || f->vector == VECTOR_NMI || f->vector == VECTOR_DOUBLE_FAULT ||
	    f->vector == VECTOR_MACHINE_CHECK)
		return false;
	report_fault(m, f);
	m->status = MODULE_FAULTED;
	c->faulted = m;

	exception_return_from_call(f, &c->saved, 0);
	return true;
}

void module_call_isolated_fault(struct linked_module *m)
{
	if (innermost && !innermost->faulted)
		innermost->faulted = m;
}

void module_call_init(void)
{
	exception_add_recovery(module_call_recover);
}
