/* The console module: a tagged log line on top of the kernel's kprintf.
 * Uses the kernel's exports; exports con_log and con_log_count to later
 * modules. */
#include <stdarg.h>

#include <ghostboot/export.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/modules/console_api.h"

static unsigned long lines_logged; /* .bss */

void con_log(const char *tag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kprintf("[%s] ", tag);
	vkprintf(fmt, ap);
	console_write("\n", 1);
	va_end(ap);
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
	con_log("console", "%lu lines logged", lines_logged);
}

GB_MODULE("console", console_module_init, console_module_exit);
