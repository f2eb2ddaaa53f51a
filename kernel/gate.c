/* What crosses a gate is checked against what the kernel, not ring 3,
 * holds: the caller must be the innermost isolated image and its RIP just
 * after stub INDEX of its own gate stubs; gate INDEX, from the gate table in
 * kernel-only pages, must name an export of a ready provider whose address
 * is the gate's target and whose declaration (struct gb_export.gate) admits
 * the caller; and each argument must satisfy its declared kind. Then the
 * target runs in ring 0; kmalloc and kfree are served from the caller's
 * heap, so that it can touch what it is given. */
#include "kernel/gate.h"

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>

#include "kernel/gdt.h"
#include "kernel/isolated_call.h"
#include "kernel/kalloc.h"
#include "kernel/kprintf.h"
#include "kernel/reason.h"
#include "kernel/report.h"
#include "kernel/user_pages.h"

extern const struct gb_export __gbexports_start[], __gbexports_end[]; /* kernel.ld */

#define STUB_INT_END 7u    /* `mov eax, INDEX` (5 bytes), `int 0x80` (2) */
#define RETURN_INT_END 10u /* `mov rdx, rax` (3), `mov eax, -1` (5), `int 0x80` (2) */

struct gate_export {
	const char *name;
	uint32_t gate; /* struct gb_export.gate */
};

static bool kernel_export(const struct gb_gate *g, struct gate_export *out, char *why)
{
	uint64_t count = (uint64_t)(__gbexports_end - __gbexports_start);
	if (g->export_index >= count)
		return reason(why, "the kernel has no export %u", g->export_index);
	const struct gb_export *x = &__gbexports_start[g->export_index];
	if ((uint64_t)(uintptr_t)x->address != g->target)
		return reason(why, "its target %#lx is not the kernel's export %s", g->target, x->name);
	*out = (struct gate_export){ x->name, x->gate };
	return true;
}

static bool module_export(const struct isolated *caller, const struct gb_gate *g,
			  struct gate_export *out, char *why)
{
	const struct linked_module *m = linked_module(g->provider);
	if (!m)
		return reason(why, "its provider %u is no module", g->provider);
	if (m == caller->module)
		return reason(why, "it calls its own module");
	if (m->status != MODULE_READY)
		return reason(why, "module %s is %s", m->name, module_status_name(m->status));
	if (g->export_index >= m->export_count)
		return reason(why, "module %s has no export %u", m->name, g->export_index);
	const struct gb_export *x = &m->exports[g->export_index];
	const char *name = linked_module_export_name(m, g->export_index);
	if ((uint64_t)(uintptr_t)x->address != g->target || !name)
		return reason(why, "its target %#lx is not export %u of module %s", g->target,
			      g->export_index, m->name);
	*out = (struct gate_export){ name, x->gate };
	return true;
}

/* The export gate `index` of img calls, if the caller may call it. */
static bool gate_export(const struct isolated *img, uint32_t index, struct gate_export *out,
			char *why)
{
	const struct gb_gate *g = &img->gates[index];
	if (!(g->provider == GB_GATE_KERNEL ? kernel_export(g, out, why)
					     : module_export(img, g, out, why)))
		return false;
	if (!(out->gate & GB_GATE_DECLARED))
		return reason(why, "%s declares no gate: only modules in ring 0 may call it",
			      out->name);
	if (!img->module && !(out->gate & GB_GATE_PROGRAMS))
		return reason(why, "%s is not exported to programs", out->name);
	return true;
}

typedef uint64_t (*gate_target)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* The call on ring 3's behalf, with its pages reachable from ring 0. */
static uint64_t call_target(struct isolated *img, uint64_t target, const uint64_t a[GATE_ARGS])
{
	bool was_open = user_access_begin();
	uint64_t value;
	if (target == (uint64_t)(uintptr_t)kmalloc) {
		value = (uint64_t)(uintptr_t)kalloc_pool_alloc(&img->heap, a[0]);
	} else if (target == (uint64_t)(uintptr_t)kfree) {
		if (a[0])
			kalloc_pool_free(&img->heap, (void *)(uintptr_t)a[0]);
		value = 0;
	} else {
		value = ((gate_target)(uintptr_t)target)(a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	user_access_end(was_open);
	return value;
}

void gate_handler(struct exception_frame *f)
{
	user_access_close(); /* ring 3 may have set RFLAGS.AC */
	struct isolated *img = isolated_current();
	if ((f->cs & 3) != RPL_USER || !img)
		report_fail("gate vector %#x raised outside isolated code, at rip %#lx",
			    GB_GATE_VECTOR, f->rip);
	uint32_t index = (uint32_t)f->rax;
	if (index == GB_GATE_RETURN) {
		if (f->rip != img->return_stub + RETURN_INT_END)
			return isolated_stop(f, "the return gate was raised at %s+%#lx, outside its "
						"return stub", img->name, f->rip - img->image_start);
		return isolated_leave(f, f->rdx);
	}
	if (index >= img->layout.gate_count)
		return isolated_stop(f, "gate %u does not exist (it has %u)", index,
				     img->layout.gate_count);
	if (f->rip != img->layout.gate_stubs + (uint64_t)index * GB_GATE_STUB_SIZE + STUB_INT_END)
		return isolated_stop(f, "gate %u was raised at %s+%#lx, outside its stub", index,
				     img->name, f->rip - img->image_start);

	char why[REASON_MAX];
	struct gate_export x = { 0, 0 };
	if (!gate_export(img, index, &x, why))
		return isolated_stop(f, "gate %u: %s", index, why);
	const uint64_t args[GATE_ARGS] = { f->rdi, f->rsi, f->rdx, f->rcx, f->r8, f->r9 };
	struct caller_memory caller = { img->layout.user_start, img->layout.user_size,
					user_pages_writable, &img->heap };
	bool was_open = user_access_begin();
	bool admitted = gate_args_check(x.gate, args, &caller, why);
	user_access_end(was_open);
	if (!admitted)
		return isolated_stop(f, "gate %u (%s): %s", index, x.name, why);

	isolated_gate_begin(f);
	uint64_t value = call_target(img, img->gates[index].target, args);
	isolated_gate_end();
	f->rax = value;
}
