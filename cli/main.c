/* ghostboot: the host command line (docs/cli.md). One subcommand a run;
 * each lives in its own file. */
#include <stdio.h>
#include <string.h>

#include "cli/check/check.h"
#include "cli/common/diag.h"
#include "cli/install/install.h"
#include "cli/install/uninstall.h"
#include "cli/link/inspect.h"
#include "cli/link/link.h"
#include "cli/qemu/qemu.h"
#include "cli/version/version.h"
#include "config/sha256.h"
#include "mkimage/mkimage.h"

static const struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
	{ "mkimage", mkimage_command, "build a bootable disk image" },
	{ "install", install_command, "make an image file or disk bootable" },
	{ "uninstall", uninstall_command, "restore what install overwrote" },
	{ "check", check_command, "say whether each entry of an image's configuration would boot" },
	{ "run", run_command, "boot an image in QEMU on this terminal" },
	{ "test", test_command, "boot an image headless and judge the guest's report" },
	{ "inspect", inspect_command, "list a kernel's exports, a module's imports and exports" },
	{ "link", link_command, "link modules into the kernel image at build time" },
	{ "version", version_command, "print the version of ghostboot" },
};

#define SUBCOMMAND_COUNT (sizeof(subcommands) / sizeof(subcommands[0]))

static void print_usage(void)
{
	size_t i;

	puts("usage: ghostboot COMMAND [OPTIONS]\n\ncommands:");
	for (i = 0; i < SUBCOMMAND_COUNT; i++)
		printf("  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
	puts("\n'ghostboot COMMAND --help' describes a command; 'ghostboot --version' prints\n"
	     "the version. Manual pages: ghostboot(1), ghostboot.cfg(5).");
}

int main(int argc, char **argv)
{
	size_t i;

	/* A process may use SSE: pins are checked with the SHA extensions when
	 * the CPU has them. */
	sha256_use_cpu_extensions(true);
	if (argc < 2) {
		error("name a command: mkimage, install, uninstall, check, run, test, inspect, link "
		      "or version (see 'ghostboot --help')");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_usage();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return version_command(1, argv);
	for (i = 0; i < SUBCOMMAND_COUNT; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	error("unknown command '%s' (see 'ghostboot --help')", argv[1]);
	return EXIT_USAGE;
}
