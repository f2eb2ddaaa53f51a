#include "kernel/programs.h"

#include "kernel/bootinfo.h"
#include "kernel/isolated_call.h"
#include "kernel/isolation.h"
#include "kernel/kprintf.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

static void run_program(const struct gb_program *p, uint32_t index)
{
	const char *name = phys_string(p->name, BOOTINFO_STRING_MAX);
	if (!name || !*name) {
		kprintf("program %u: refused: its name at %#lx is not a string\n", index, p->name);
		return;
	}
	char why[REASON_MAX];
	struct isolated *img = isolation_register_program(p, name, why);
	if (!img) {
		kprintf("program %s: refused: %s\n", name, why);
		return;
	}
	kprintf("program %s: running\n", name);
	isolation_print(name, &img->layout);
	const uint64_t no_args[GATE_ARGS] = { 0 };
	bool stopped;
	uint64_t status =
		isolated_run(img, img->program_main, no_args, img->layout.stack_top, &stopped);
	if (!stopped)
		kprintf("program %s: exited with %d\n", name, (int)(uint32_t)status);
}

void programs_run(const struct gb_bootinfo *bi)
{
	if (bi->program_count == 0)
		return;
	if (bi->program_count > PROGRAMS_MAX || bi->programs % 8 ||
	    !phys_range_ok(bi->programs, (uint64_t)bi->program_count * sizeof(struct gb_program))) {
		kprintf("programs: %u at %#lx are not an aligned table below 4 GiB, none run\n",
			bi->program_count, bi->programs);
		return;
	}
	const struct gb_program *programs = phys_ptr(bi->programs);
	for (uint32_t i = 0; i < bi->program_count; i++)
		run_program(&programs[i], i);
}
