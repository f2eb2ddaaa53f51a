#include "kernel/report.h"

#include <stdarg.h>

#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/kprintf.h"
#include "kernel/reason.h"

enum mode { MODE_UNKNOWN, MODE_SELFTEST, MODE_QUIET };
static enum mode mode = MODE_UNKNOWN;
static int failing;

void report_set_selftest(bool selftest)
{
	mode = selftest ? MODE_SELFTEST : MODE_QUIET;
}

void report_pass(void)
{
	console_start_line();
	kprintf("SELFTEST PASS\n");
	outb(DEBUG_EXIT_PORT, DEBUG_EXIT_PASS);
	halt_forever();
}

void report_fail(const char *fmt, ...)
{
	if (failing++) {
		/* A fault while reporting one: the first report may be half
		 * printed; signal and stop without touching anything else. */
		outb(DEBUG_EXIT_PORT, DEBUG_EXIT_FAIL);
		halt_forever();
	}
	char why[REASON_MAX];
	va_list ap;
	va_start(ap, fmt);
	vksnprintf(why, sizeof why, fmt, ap);
	va_end(ap);

	console_start_line();
	kprintf("%s: %s\n", mode == MODE_QUIET ? "PANIC" : "SELFTEST FAIL", why);
	outb(DEBUG_EXIT_PORT, DEBUG_EXIT_FAIL);
	halt_forever();
}

bool reason(char *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vksnprintf(why, REASON_MAX, fmt, ap);
	va_end(ap);
	return false;
}
