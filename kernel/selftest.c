/* What "the loader did its job" means, checked in the order a reader would:
 * the memory map, the boot info that refers to it, each module's file, then
 * what the modules did once linked and initialised (selftest_modules.c).
 * The first failed check ends the test with its reason. */
#include "kernel/selftest.h"

#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/framebuffer.h"
#include "kernel/kprintf.h"
#include "kernel/memmap.h"
#include "kernel/modules.h"
#include "kernel/image_bytes.h"
#include "kernel/raw_files.h"
#include "kernel/reason.h"
#include "kernel/report.h"
#include "kernel/selftest_modules.h"

/* expect-modules=N: the test harness says how many modules it put in the
 * image, so that a loader which loads none cannot pass by default. */
static void check_module_count(const char *cmdline, const struct module_table *table)
{
	uint64_t expected;
	switch (cmdline_number(cmdline, "expect-modules", MODULES_MAX, &expected)) {
	case CMDLINE_ABSENT:
		return;
	case CMDLINE_MALFORMED:
		report_fail("expect-modules= takes a number of modules from 0 to %u", MODULES_MAX);
	case CMDLINE_NUMBER:
		if (table->count < expected)
			report_fail("%u modules loaded, expect-modules=%lu", table->count, expected);
		kprintf("selftest: %u modules loaded, at least %lu expected\n", table->count,
			expected);
		return;
	}
}

void selftest_run(const struct gb_bootinfo *bi, const char *cmdline)
{
	char why[REASON_MAX];
	struct memmap map;
	struct module_table table;

	kprintf("selftest: checking the boot info\n");
	if (!memmap_get(bi, &map, why) || !memmap_check(&map, why))
		report_fail("bad memory map: %s", why);
	if (!bootinfo_check(bi, &map, why))
		report_fail("bad boot info: %s", why);
	if (!framebuffer_apart(&bi->framebuffer, &map, why))
		report_fail("bad boot info: %s", why);
	if (!modules_get(bi, &table, why))
		report_fail("bad module table: %s", why);
	check_module_count(cmdline, &table);
	if (!raw_files_check(bi, &map, cmdline, why))
		report_fail("bad file table: %s", why);
	if (!image_bytes_check(cmdline, why))
		report_fail("bad kernel image: %s", why);

	kprintf("selftest: checking %u modules\n", table.count);
	if (!modules_check(bi, &table, &map, why) || !selftest_modules(cmdline, why))
		report_fail("%s", why);
	report_pass();
}
