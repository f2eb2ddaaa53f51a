/* The chain of isolated calls. Each activation records, like module_call,
 * the ring-0 state to resume when its ring-3 code is done: ring3_enter
 * (isolated_call.asm) saves it, and whatever ends the call (the return
 * stub's gate, a gate check that fails, a fault in ring 3) rewrites the
 * interrupt frame with it, so that the iretq lands just after ring3_enter's
 * call in ring 0. Only the innermost image's user pages are open to ring 3;
 * the one it called from is closed while it waits, and opened again when
 * the call returns. */
#include "kernel/isolated_call.h"

#include <stdarg.h>
#include <stddef.h>

#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/crossing.h"
#include "kernel/gdt.h"
#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/module_call.h"
#include "kernel/reason.h"
#include "kernel/user_pages.h"

struct ring3_entry {
	uint64_t rip, rsp;
	uint64_t args[GATE_ARGS]; /* RDI, RSI, RDX, RCX, R8, R9 */
};
_Static_assert(offsetof(struct ring3_entry, args) == 16, "isolated_call.asm offsets");

struct activation {
	struct call_return context;
	struct isolated *image;
	struct activation *outer;
	uint64_t ring0_stack; /* the TSS's RSP0 before this call */
	struct exception_frame *gate; /* ring 3's frame while a gate call is made */
	bool stopped;
};

uint64_t ring3_enter(struct call_return *context, const struct ring3_entry *entry,
		     void *ring0_stack_slot);
uint64_t isolated_call(uint64_t function, uint64_t args[GATE_ARGS]);

static struct activation *innermost;

static void open_image(struct isolated *img, bool open)
{
	user_pages_open(img->layout.user_start, img->layout.user_size, open);
}

uint64_t isolated_run(struct isolated *img, uint64_t function,
		      const uint64_t args[GATE_ARGS], uint64_t user_sp, bool *stopped)
{
	void *slot = gdt_ring0_stack_slot();
	struct activation a = { .image = img, .outer = innermost };
	memcpy(&a.ring0_stack, slot, sizeof a.ring0_stack);
	struct ring3_entry entry = { .rip = function, .rsp = user_sp - 8 };
	memcpy(entry.args, args, sizeof entry.args);

	/* The return stub is the function's return address. */
	memcpy((void *)(uintptr_t)entry.rsp, &img->return_stub, sizeof img->return_stub);
	if (a.outer)
		open_image(a.outer->image, false);
	open_image(img, true);
	img->on_chain = true;
	innermost = &a;

	uint64_t value = ring3_enter(&a.context, &entry, slot);

	innermost = a.outer;
	img->on_chain = false;
	open_image(img, false);
	if (a.outer)
		open_image(a.outer->image, true);
	memcpy(slot, &a.ring0_stack, sizeof a.ring0_stack);
	*stopped = a.stopped;
	return a.stopped ? 0 : value;
}

struct isolated *isolated_current(void)
{
	return innermost ? innermost->image : 0;
}

void isolated_gate_begin(struct exception_frame *gate_frame)
{
	innermost->gate = gate_frame;
}

void isolated_gate_end(void)
{
	innermost->gate = 0;
}

void isolated_leave(struct exception_frame *f, uint64_t value)
{
	exception_return_from_call(f, &innermost->context, value);
}

static void stop_innermost(void)
{
	struct isolated *img = innermost->image;
	innermost->stopped = true;
	if (img->module) {
		img->module->status = MODULE_FAULTED;
		module_call_isolated_fault(img->module);
	}
}

void isolated_stop(struct exception_frame *f, const char *fmt, ...)
{
	struct isolated *img = innermost->image;
	char why[REASON_MAX];
	va_list ap;
	va_start(ap, fmt);
	vksnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	console_start_line();
	kprintf("%s %s: %s: stopped\n", img->kind, img->name, why);
	stop_innermost();
	isolated_leave(f, 0);
}

static void print_exception(const struct exception_frame *f, uint64_t cr2)
{
	kprintf("  exception %lu (%s), error code %#lx", f->vector, exception_name(f->vector),
		f->error_code);
	if (f->vector == VECTOR_PAGE_FAULT)
		kprintf(", cr2 %#lx", cr2);
	kprintf("\n");
}

/* A fault in ring 3 stops the innermost image. A fault in ring 0 inside a
 * module's image during a gate call that image made (a module in ring 0
 * faulting, or running an isolated module's code, which SMEP refuses)
 * disables that module and fails the gate call: ring 3 resumes after its
 * `int` with RAX 0; or, when the module is the caller itself, stops it.
 * Either way the chain of isolated calls stays whole, which an unwinding by
 * module_call past it would not leave. */
static bool isolated_recover(struct exception_frame *f)
{
	if (!innermost || f->vector == VECTOR_NMI || f->vector == VECTOR_DOUBLE_FAULT ||
	    f->vector == VECTOR_MACHINE_CHECK)
		return false;
	user_access_close();
	uint64_t cr2 = read_cr2();
	struct isolated *img = innermost->image;
	if ((f->cs & 3) == RPL_USER) {
		console_start_line();
		if (f->rip >= img->image_start && f->rip < img->image_end)
			kprintf("%s %s faulted at %s+0x%lx\n", img->kind, img->name, img->name,
				f->rip - img->image_start);
		else /* it jumped out of its image */
			kprintf("%s %s faulted at %#lx, outside its image\n", img->kind, img->name,
				f->rip);
		print_exception(f, cr2);
		kprintf("%s %s: stopped\n", img->kind, img->name);
		stop_innermost();
		isolated_leave(f, 0);
		return true;
	}
	struct linked_module *m = linked_module_at(f->rip);
	struct exception_frame *gate = innermost->gate;
	if (!gate || !m)
		return false;
	console_start_line();
	kprintf("module %s faulted at %s+0x%lx in ring 0, during a gate call of %s %s\n", m->name,
		m->name, f->rip - m->start, img->kind, img->name);
	print_exception(f, cr2);
	if (m == img->module) {
		kprintf("module %s: stopped\n", m->name);
		stop_innermost();
		isolated_leave(f, 0);
		return true;
	}
	kprintf("module %s: disabled\n", m->name);
	m->status = MODULE_FAULTED;
	*f = *gate;
	f->rax = 0;
	innermost->gate = 0;
	return true;
}

/* The export of img that enters function, for its argument kinds: 0 (all
 * integers) for init, exit or an undeclared export. */
static uint32_t entry_gate(const struct isolated *img, uint64_t function)
{
	const struct linked_module *m = img->module;
	for (uint32_t i = 0; i < m->export_count; i++) {
		uint64_t trampoline = (uint64_t)(uintptr_t)m->exports[i].address;
		if (isolated_trampoline_target(img, trampoline) == function)
			return m->exports[i].gate;
	}
	return 0;
}

GB_EXPORT(gb_isolated_call);

/* gb_isolated_call's C half: from a trampoline of an isolated module. */
uint64_t isolated_call(uint64_t function, uint64_t args[GATE_ARGS])
{
	struct isolated *img = isolated_at(function);
	if (!img || !img->module) {
		kprintf("gb_isolated_call: %#lx is in no isolated module, call refused\n", function);
		return 0;
	}
	enum module_status status = img->module->status;
	if (status != MODULE_READY && status != MODULE_PENDING && status != MODULE_EXITING) {
		kprintf("module %s is %s: call refused\n", img->name, module_status_name(status));
		return 0;
	}
	if (img->on_chain) {
		kprintf("module %s: entered again while a call it made is in progress: refused\n",
			img->name);
		return 0;
	}
	struct crossing crossing;
	char why[REASON_MAX];
	bool was_open = user_access_begin();
	bool copied = crossing_copy_in(&crossing, img->layout.stack_top, entry_gate(img, function),
				       args, why);
	user_access_end(was_open);
	if (!copied) {
		kprintf("module %s: arguments refused: %s\n", img->name, why);
		return 0;
	}
	bool stopped;
	uint64_t value = isolated_run(img, function, args, crossing.sp, &stopped);
	if (!stopped) {
		was_open = user_access_begin();
		crossing_copy_back(&crossing);
		user_access_end(was_open);
	}
	return value;
}

void isolated_call_init(void)
{
	user_pages_protect();
	exception_add_recovery(isolated_recover);
}
