/* The sample kernel: it exists to show what the loader handed over, and to
 * tell a test whether that was right (docs/kernel.md). */
#include <stdint.h>

#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/framebuffer.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/isolated_call.h"
#include "kernel/kprintf.h"
#include "kernel/linked_modules.h"
#include "kernel/memmap.h"
#include "kernel/module_call.h"
#include "kernel/module_init.h"
#include "kernel/module_restart.h"
#include "kernel/module_restart_bench.h"
#include "kernel/modules.h"
#include "kernel/programs.h"
#include "kernel/reason.h"
#include "kernel/report.h"
#include "kernel/selftest.h"
#include "kernel/vga.h"

/* Called by entry.asm on the kernel's own stack. */
__attribute__((noreturn)) void kernel_main(uint64_t bootinfo_addr);

void kernel_main(uint64_t bootinfo_addr)
{
	console_init();
	gdt_init();
	idt_init();
	module_call_init();
	isolated_call_init();
	cpu_enable_write_protect();
	kprintf("ghostboot sample kernel: boot info at %#lx\n", bootinfo_addr);

	char why[REASON_MAX];
	const struct gb_bootinfo *bi;
	if (!bootinfo_open(bootinfo_addr, &bi, why))
		report_fail("bad boot info: %s", why);
	const char *cmdline = bootinfo_cmdline(bi);
	if (!cmdline)
		report_fail("bad boot info: command line at %#lx is not a string", bi->cmdline);
	bool selftest = cmdline_has(cmdline, "selftest");
	report_set_selftest(selftest);

	bootinfo_print(bi);
	const struct gb_framebuffer *fb = &bi->framebuffer;
	framebuffer_print(fb);
	if (!framebuffer_check(fb, why))
		report_fail("bad boot info: %s", why);
	if (!framebuffer_expected(fb, cmdline, why))
		report_fail("%s", why);
	if (fb->type == GB_FRAMEBUFFER_RGB) {
		vga_off(); /* the text screen is gone; COM1 remains */
		framebuffer_draw(fb);
		kprintf("display: test pattern drawn\n");
	}
	struct memmap map;
	bool have_map = memmap_get(bi, &map, why);
	if (have_map)
		memmap_print(&map);
	else
		kprintf("memory map: %s\n", why);
	struct module_table modules;
	if (modules_get(bi, &modules, why))
		modules_print(&modules);
	else
		kprintf("modules: %s\n", why);

	if (cmdline_has(cmdline, "triplefault")) {
		kprintf("triplefault: loading an empty IDT and raising #UD\n");
		idt_triple_fault();
	}
	linked_modules_register(&modules);
	module_restart_register(bi, &modules, have_map ? &map : 0);
	isolation_register_modules(&modules);
	modules_init();
	module_restart_bench(cmdline);
	programs_run(bi);
	if (selftest)
		selftest_run(bi, cmdline);

	kprintf("kernel idle: nothing more to do (no selftest on the command line), halting\n");
	halt_forever();
}
