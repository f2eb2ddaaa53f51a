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
	uint64_t rbx, rbp, r12, r13, r14, r15; /* module_call.asm stores these, */
	uint64_t rip, rsp, rflags;             /* and these, at fixed offsets */
	struct linked_module *faulted;
	struct module_call_context *outer; /* the call this one runs within */
};
_Static_assert(offsetof(struct module_call_context, rip) == 48, "module_call.asm offsets");
_Static_assert(offsetof(struct module_call_context, rflags) == 64, "module_call.asm offsets");

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

	f->rbx = c->rbx;
	f->rbp = c->rbp;
	f->r12 = c->r12;
	f->r13 = c->r13;
	f->r14 = c->r14;
	f->r15 = c->r15;
	f->rip = c->rip;
	f->rsp = c->rsp;
	f->rflags = c->rflags;
	f->rax = 0;
	return true;
}

void module_call_init(void)
{
	exception_set_recovery(module_call_recover);
}
