/* What the kernel believes of an isolated image is what it checked here:
 * its user range whole pages inside the image, mapped as the loader
 * promises (user_pages.h); stack and heap writable inside it; the gate stubs
 * and the return stub inside it, byte for byte as <ghostboot/isolation.h>
 * writes them; the gate table inside the image but outside the user range,
 * so that only the kernel reads it; and every way in from ring 0 (init, exit,
 * exports) an entry trampoline outside the user range. */
#include "kernel/isolation.h"

#include <stddef.h>

#include "kernel/bootinfo.h"
#include "kernel/isolated_call.h"
#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/layout.h"
#include "kernel/reason.h"
#include "kernel/user_pages.h"

static struct isolated images[ISOLATED_MAX];
static uint32_t image_count;

/* mov eax, INDEX ; int GB_GATE_VECTOR ; ret ; int3 */
static const uint8_t gate_stub_bytes[GB_GATE_STUB_SIZE] = { 0xb8, 0, 0, 0, 0, 0xcd,
							    GB_GATE_VECTOR, 0xc3 };
/* mov rdx, rax ; mov eax, GB_GATE_RETURN ; int GB_GATE_VECTOR ; ud2 */
static const uint8_t return_stub_bytes[] = { 0x48, 0x89, 0xc2, 0xb8, 0xff, 0xff,
					     0xff, 0xff, 0xcd, GB_GATE_VECTOR, 0x0f, 0x0b };
/* movabs rax, FUNCTION ; movabs r11, ENTRY ; jmp r11 */
#define TRAMPOLINE_SIZE 23u

bool isolated_holds(const struct isolated *img, uint64_t address, uint64_t length)
{
	uint64_t start = img->layout.user_start, size = img->layout.user_size;
	return address >= start && address - start <= size && length <= size - (address - start);
}

static bool in_image(const struct isolated *img, uint64_t address, uint64_t length)
{
	return address >= img->image_start && address <= img->image_end &&
	       length <= img->image_end - address;
}

static uint64_t read_u64(const uint8_t *p)
{
	uint64_t value;
	memcpy(&value, p, sizeof value);
	return value;
}

uint64_t isolated_trampoline_target(const struct isolated *img, uint64_t address)
{
	bool in_user_range = address + TRAMPOLINE_SIZE > img->layout.user_start &&
			     address < img->layout.user_start + img->layout.user_size;
	if (!in_image(img, address, TRAMPOLINE_SIZE) || in_user_range)
		return 0;
	const uint8_t *t = (const uint8_t *)(uintptr_t)address;
	uint64_t function = read_u64(t + 2), entry = read_u64(t + 12);
	if (t[0] != 0x48 || t[1] != 0xb8 || t[10] != 0x49 || t[11] != 0xbb || t[20] != 0x41 ||
	    t[21] != 0xff || t[22] != 0xe3)
		return 0;
	if (entry != (uint64_t)(uintptr_t)gb_isolated_call || !isolated_holds(img, function, 1))
		return 0;
	return function;
}

static bool check_stubs(const struct isolated *img, char *why)
{
	const struct gb_isolation *l = &img->layout;
	uint64_t bytes = (uint64_t)l->gate_count * GB_GATE_STUB_SIZE + sizeof return_stub_bytes;
	if (!isolated_holds(img, l->gate_stubs, bytes))
		return reason(why, "gate stubs at %#lx (%u) are outside its user range", l->gate_stubs,
			      l->gate_count);
	const uint8_t *stub = (const uint8_t *)(uintptr_t)l->gate_stubs;
	for (uint32_t i = 0; i < l->gate_count; i++, stub += GB_GATE_STUB_SIZE) {
		uint8_t expected[GB_GATE_STUB_SIZE];
		memcpy(expected, gate_stub_bytes, sizeof expected);
		memcpy(expected + 1, &i, sizeof i);
		if (memcmp(stub, expected, GB_GATE_STUB_SIZE) != 0)
			return reason(why, "gate stub %u at %#lx is not `mov eax, %u; int 0x%x; ret`",
				      i, (uint64_t)(uintptr_t)stub, i, GB_GATE_VECTOR);
	}
	if (memcmp(stub, return_stub_bytes, sizeof return_stub_bytes) != 0)
		return reason(why, "the return stub at %#lx is not the one of <ghostboot/isolation.h>",
			      (uint64_t)(uintptr_t)stub);
	return true;
}

static bool check_layout(struct isolated *img, char *why)
{
	const struct gb_isolation *l = &img->layout;
	if (!in_image(img, l->user_start, l->user_size))
		return reason(why, "user range %#lx+%#lx is outside its image", l->user_start,
			      l->user_size);
	if (!user_pages_check(l->user_start, l->user_size, why))
		return false;
	if (l->stack_top % 16 || l->stack_top < GB_ISOLATED_STACK_SIZE ||
	    !isolated_holds(img, l->stack_top - GB_ISOLATED_STACK_SIZE, GB_ISOLATED_STACK_SIZE) ||
	    !user_pages_writable(l->stack_top - GB_ISOLATED_STACK_SIZE, GB_ISOLATED_STACK_SIZE))
		return reason(why, "stack top %#lx is not a 16-byte aligned writable stack of %#x "
				   "bytes in its user range", l->stack_top, GB_ISOLATED_STACK_SIZE);
	if (l->heap % KALLOC_ALIGN || !isolated_holds(img, l->heap, GB_ISOLATED_HEAP_SIZE) ||
	    !user_pages_writable(l->heap, GB_ISOLATED_HEAP_SIZE))
		return reason(why, "heap at %#lx is not an aligned writable %#x bytes in its user "
				   "range", l->heap, GB_ISOLATED_HEAP_SIZE);
	uint64_t table = (uint64_t)l->gate_count * sizeof(struct gb_gate);
	if (l->gate_count > ISOLATED_GATES_MAX || l->gates % 8 ||
	    (table && (!in_image(img, l->gates, table) ||
		       (l->gates < l->user_start + l->user_size &&
			l->user_start < l->gates + table))))
		return reason(why, "%u gates at %#lx are not an aligned table in its kernel-only "
				   "pages", l->gate_count, l->gates);
	if (!check_stubs(img, why))
		return false;
	img->gates = (const struct gb_gate *)(uintptr_t)l->gates;
	img->return_stub = l->gate_stubs + (uint64_t)l->gate_count * GB_GATE_STUB_SIZE;
	img->heap = (struct kalloc_pool){ (uint8_t *)(uintptr_t)l->heap, GB_ISOLATED_HEAP_SIZE };
	return true;
}

/* Ring 0 may enter an isolated module only through its trampolines: its
 * init, exit and every exported function must be one; exported data lies in
 * its user range, in pages nobody may execute. A call's pointer arguments
 * are copied by the gate word of the export entering its function
 * (isolated_call.c), so that word must be the only one: no two exports
 * enter one function with different words, nor one declared the init or
 * exit, which the kernel calls with no arguments. */
static bool check_entries(const struct isolated *img, char *why)
{
	const struct linked_module *m = img->module;
	uint64_t init = m->init ? isolated_trampoline_target(img, m->init) : 0;
	uint64_t exit = m->exit ? isolated_trampoline_target(img, m->exit) : 0;
	if (m->init && !init)
		return reason(why, "init %#lx is not an entry trampoline", m->init);
	if (m->exit && !exit)
		return reason(why, "exit %#lx is not an entry trampoline", m->exit);
	for (uint32_t i = 0; i < m->export_count; i++) {
		uint64_t address = (uint64_t)(uintptr_t)m->exports[i].address;
		bool data = isolated_holds(img, address, 1) && !user_pages_executable(address);
		uint64_t function = data ? 0 : isolated_trampoline_target(img, address);
		if (!data && !function)
			return reason(why, "export %u at %#lx is neither an entry trampoline nor data",
				      i, address);
		uint32_t gate = m->exports[i].gate;
		if (function && gate && (function == init || function == exit))
			return reason(why, "export %u enters its init or exit with a declared gate", i);
		for (uint32_t j = 0; function && j < i; j++) {
			uint64_t other = (uint64_t)(uintptr_t)m->exports[j].address;
			if (isolated_trampoline_target(img, other) == function &&
			    m->exports[j].gate != gate)
				return reason(why, "exports %u and %u enter one function with different "
						   "gates", j, i);
		}
	}
	return true;
}

static struct isolated *new_image(const char *kind, const char *name, uint64_t start,
				  uint64_t end, const struct gb_isolation *layout, char *why)
{
	if (image_count == ISOLATED_MAX) {
		reason(why, "more than %u isolated modules and programs", ISOLATED_MAX);
		return 0;
	}
	struct isolated *img = &images[image_count];
	*img = (struct isolated){ .kind = kind, .name = name, .image_start = start,
				  .image_end = end, .layout = *layout };
	if (!check_layout(img, why))
		return 0;
	image_count++;
	return img;
}

static bool register_module(struct linked_module *m, const struct gb_module_runtime *runtime,
			    char *why)
{
	if (!runtime)
		return reason(why, "isolated, but the boot information has no module runtime");
	struct isolated *img = new_image("module", m->name, m->start, m->end,
					 &runtime->isolation, why);
	if (!img)
		return false;
	img->module = m;
	if (!check_entries(img, why)) {
		image_count--;
		return false;
	}
	return true;
}

void isolation_register_modules(const struct module_table *table)
{
	for (uint32_t i = 0; i < table->count; i++) {
		const struct gb_module *e = &table->entries[i];
		struct linked_module *m = linked_module(i);
		if (!(e->flags & GB_MODULE_ISOLATED) || !m || m->status != MODULE_PENDING)
			continue;
		char why[REASON_MAX];
		if (!register_module(m, table->runtime ? &table->runtime[i] : 0, why)) {
			m->status = MODULE_REJECTED;
			kprintf("module %s: rejected: %s\n", m->name, why);
		}
	}
}

/* Programs lie in the top 2 GiB like modules, apart from the kernel, the
 * modules and each other. */
static bool check_program_image(const struct gb_program *p, char *why)
{
	uint64_t start = p->virt_addr, end = p->virt_addr + p->size;
	if (!linked_image_check(start, p->size, false, why))
		return false;
	for (uint32_t i = 0; i < image_count; i++) {
		if (!images[i].module && start < images[i].image_end && images[i].image_start < end)
			return reason(why, "image %#lx-%#lx overlaps program %s", start, end,
				      images[i].name);
	}
	return true;
}

struct isolated *isolation_register_program(const struct gb_program *p, const char *name,
					    char *why)
{
	if (!check_program_image(p, why))
		return 0;
	struct isolated *img = new_image("program", name, p->virt_addr, p->virt_addr + p->size,
					 &p->isolation, why);
	if (!img)
		return 0;
	img->program_main = isolated_holds(img, p->entry, 1)
				    ? p->entry
				    : isolated_trampoline_target(img, p->entry);
	if (!img->program_main) {
		image_count--;
		reason(why, "entry %#lx is neither in its user range nor a trampoline", p->entry);
		return 0;
	}
	return img;
}

struct isolated *isolated_at(uint64_t address)
{
	for (uint32_t i = 0; i < image_count; i++) {
		if (isolated_holds(&images[i], address, 1))
			return &images[i];
	}
	return 0;
}

void isolation_print(const char *name, const struct gb_isolation *l)
{
	kprintf("  %-12s isolated: user %#lx-%#lx, stack top %#lx, heap %#lx, %u gates\n", name,
		l->user_start, l->user_start + l->user_size, l->stack_top, l->heap, l->gate_count);
}
