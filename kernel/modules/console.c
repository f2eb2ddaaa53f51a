/* The console module: a tagged log line on top of the kernel's kprintf.
 * Uses the kernel's exports; exports con_log and con_log_count to later
 * modules, with gates so that it may be linked isolated or call isolated
 * ones. */
#include <ghostboot/export.h>
#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/modules/console_api.h"

static unsigned long lines_logged; /* .bss */

void con_log(const char *tag, const char *message)
{
	kprintf("[%s] %s\n", tag, message);
	lines_logged++;
}
GB_EXPORT_GATE(con_log, 0, GB_GATE_ARGS(GB_ARG_STRING, GB_ARG_STRING, 0, 0, 0, 0));

unsigned long con_log_count(void)
{
	return lines_logged;
}
GB_EXPORT_GATE(con_log_count, 0, GB_GATE_ARGS(0, 0, 0, 0, 0, 0));

static int console_module_init(void)
{
	con_log("console", "ready");
	return 0;
}

static void console_module_exit(void)
{
	char line[40];
	ksnprintf(line, sizeof line, "%lu lines logged", lines_logged);
	con_log("console", line);
}

GB_MODULE("console", console_module_init, console_module_exit);
