#include "kernel/module_restart_bench.h"

#include "kernel/cmdline.h"
#include "kernel/cpu.h"
#include "kernel/kprintf.h"
#include "kernel/linked_modules.h"
#include "kernel/module_init.h"
#include "kernel/module_restart.h"

#define BENCH_RESTARTS 101 /* odd: the median is one of them */

static void sort(uint64_t *values, uint32_t count)
{
	for (uint32_t i = 1; i < count; i++) {
		uint64_t v = values[i];
		uint32_t j = i;
		for (; j > 0 && values[j - 1] > v; j--)
			values[j] = values[j - 1];
		values[j] = v;
	}
}

void module_restart_bench(const char *cmdline)
{
	const char *at = cmdline, *name;
	size_t length;
	if (!cmdline_next_value(&at, "bench-restart", &name, &length))
		return;
	struct linked_module *m = linked_module_named(name, length);
	if (!m || m->status != MODULE_READY) {
		kprintf("bench: restart: no ready module %.*s, nothing timed\n", (int)length, name);
		return;
	}
	/* The whole restart, and its first part: exits, data put back. */
	static uint64_t cycles[BENCH_RESTARTS], reset_cycles[BENCH_RESTARTS];
	for (uint32_t run = 0; run < BENCH_RESTARTS; run++) {
		uint64_t start = read_tsc();
		if (!module_restart_now(m)) {
			kprintf("bench: restart: module %s cannot be restarted (no restart line?)\n",
				m->name);
			return;
		}
		reset_cycles[run] = read_tsc() - start;
		modules_start_pending();
		cycles[run] = read_tsc() - start;
		if (m->status != MODULE_READY) {
			kprintf("bench: restart: module %s is %s after restart %u\n", m->name,
				module_status_name(m->status), run + 1);
			return;
		}
	}
	sort(cycles, BENCH_RESTARTS);
	sort(reset_cycles, BENCH_RESTARTS);
	kprintf("bench: restart of module %s: median %lu TSC cycles of %u (min %lu, max %lu), "
		"%lu before the inits\n", m->name, cycles[BENCH_RESTARTS / 2], BENCH_RESTARTS,
		cycles[0], cycles[BENCH_RESTARTS - 1], reset_cycles[BENCH_RESTARTS / 2]);
}
