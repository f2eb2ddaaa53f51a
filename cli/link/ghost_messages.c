#include "cli/link/ghost_messages.h"

#include <string.h>

#include "cli/common/diag.h"

/* ghost's text is "<who>: <what>"; the part after "<who>: ". */
static const char *what(const struct ghost_error *failure)
{
	size_t length = failure->module ? strlen(failure->module) : 0;

	if (length && strncmp(failure->text, failure->module, length) == 0 &&
	    strncmp(failure->text + length, ": ", 2) == 0)
		return failure->text + length + 2;
	return failure->text;
}

int ghost_error_report(const struct ghost_error *failure, const char *kernel_path)
{
	if (failure->module_index != GHOST_NO_MODULE)
		return error("module %s", failure->text);
	if (kernel_path && failure->module && strcmp(failure->module, "kernel") == 0)
		return error("kernel %s: %s", kernel_path, what(failure));
	return error("%s", failure->text);
}
