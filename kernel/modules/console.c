/* The console module: a tagged log line on top of the kernel's kprintf.
 * Uses the kernel's exports; exports con_log and con_log_count to later
 * modules. It takes a finished message, not a format and its arguments,
 * so that it can run isolated: no va_list crosses a gate
 * (docs/isolation.md). */
#include <ghostboot/export.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/modules/console_api.h"

static unsigned long lines_logged; /* .bss */

void con_log(const char *tag, const char *message)
{
	kprintf("[%s] %s\n", tag, message);
	lines_logged++;
}
GB_EXPORT(con_log);

unsigned long con_log_count(void)
{
	return lines_logged;
}
GB_EXPORT(con_log_count);

static int console_module_init(void)
{
	con_log("console", "ready");
	return 0;
}

static void console_module_exit(void)
{
	kprintf("[console] %lu lines logged\n", lines_logged);
}

GB_MODULE("console", console_module_init, console_module_exit);
