#include "cli/qemu/firmware.h"

#include <stdio.h>
#include <unistd.h>

#include "cli/common/diag.h"
#include "cli/common/file_copy.h"

int firmware_prepare(struct qemu_setup *setup, const char *directory)
{
	if (!setup->uefi)
		return 0;
	if (access(OVMF_CODE, R_OK) != 0 || access(OVMF_VARS, R_OK) != 0)
		return error("--firmware uefi needs OVMF (%s and %s): install Debian's ovmf "
			     "package (make deps)",
			     OVMF_CODE, OVMF_VARS);
	snprintf(setup->firmware_vars, sizeof(setup->firmware_vars), "%s/OVMF_VARS.fd", directory);
	return file_copy_sparse(OVMF_VARS, setup->firmware_vars);
}
