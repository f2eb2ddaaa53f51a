#include "cli/link/ghost_messages.h"

#include <string.h>

#include "cli/common/diag.h"
#include "ghost/report.h"

int ghost_error_report(const struct ghost_error *failure, const char *kernel_path)
{
	if (failure->module_index != GHOST_NO_MODULE)
		return error("module %s", failure->text);
	if (kernel_path && failure->module && strcmp(failure->module, "kernel") == 0)
		return error("kernel %s: %s", kernel_path, ghost_error_detail(failure));
	return error("%s", failure->text);
}
