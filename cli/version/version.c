#include "cli/version/version.h"

#include <stdio.h>
#include <string.h>

#include "cli/common/diag.h"

const char ghostboot_version[] = GHOSTBOOT_VERSION;

int version_command(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		puts("usage: ghostboot version\n\nPrints the version of ghostboot, as "
		     "'ghostboot --version' does.");
		return EXIT_OK;
	}
	if (argc > 1)
		return usage_error("version", "unexpected argument '%s'", argv[1]);
	printf("ghostboot %s\n", ghostboot_version);
	return EXIT_OK;
}
