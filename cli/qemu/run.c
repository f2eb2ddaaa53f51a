/* `ghostboot run`: boots an image with the serial console on this terminal,
 * passed through ghostboot, which ends the run on a verdict (docs/cli.md). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/disk/boot_config.h"
#include "cli/qemu/boot_options.h"
#include "cli/qemu/qemu.h"
#include "cli/tools/tool.h"

#define DEFAULT_GDB_PORT 1234

static const char usage[] =
	"usage: ghostboot run IMG [--machine pc|q35|isapc] [--disk ide|ahci|virtio|floppy]\n"
	"                     [--firmware bios|uefi] [--gdb[=PORT]] [--pass TEXT]\n"
	"                     [--fail TEXT]...\n"
	"                     [--success-code N] [--exit-port PORT] [--cmdline TEXT]\n"
	"                     [--memory SIZE] [--smp N] [--cpu MODEL] [--qemu PATH]\n"
	"                     [--qemu-arg ARG]... [-- QEMU ARGS...]\n"
	"\n"
	"Boots IMG in QEMU (qemu-system-x86_64, TCG, 256 MiB) with the serial\n"
	"console on this terminal; without $DISPLAY there is no window. The image\n"
	"is written to as by a real machine (not with --cmdline). Returns when QEMU\n"
	"ends, when stage 2 halts on an error, and on the guest's verdict: exit\n"
	"status 0 when it passed or QEMU ended without one, 1 when it failed, 2 for\n"
	"bad arguments or a harness error.\n"
	"\n"
	"  --firmware TYPE  bios (SeaBIOS, the default) or uefi (OVMF)\n"
	"  --machine TYPE   pc (default; q35 under UEFI) or q35\n"
	"  --disk TYPE      ide, ahci, virtio, or floppy (drive A:); default: floppy\n"
	"                   for an image of a floppy's size, else ide\n"
	"  --gdb[=PORT]     start halted, with a gdb stub on localhost:PORT (1234),\n"
	"                   and print the gdb command that attaches to it\n"
	"  --pass TEXT, --fail TEXT, --success-code N, --exit-port PORT,\n"
	"  --cmdline TEXT, --memory SIZE, --smp N, --cpu MODEL, --qemu PATH,\n"
	"  --qemu-arg ARG   as for 'ghostboot test'\n"
	"  -h, --help       show this help\n";

enum { OPTION_GDB = BOOT_OPTION_END };

/* Writes the default entry's kernel to `directory`/kernel.elf for gdb's
 * symbols. Returns 0, or -1 after an error or warning. */
static int extract_kernel(const char *image, const char *directory, char *path, size_t size)
{
	struct boot_config boot_config;
	uint8_t *bytes;
	size_t length;
	int fd, result = -1;

	if (boot_config_open(&boot_config, image) != 0)
		return -1;
	if (!boot_config.entry->kernel.path) {
		boot_config_close(&boot_config);
		return error("the default entry names no kernel");
	}
	if (boot_config_read_file(&boot_config, boot_config.entry->kernel.path, &bytes, &length) ==
	    0) {
		snprintf(path, size, "%s/kernel.elf", directory);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0 && cleanup_add_file(path) == 0 &&
		    write(fd, bytes, length) == (ssize_t)length)
			result = 0;
		else
			error("cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(bytes);
	}
	boot_config_close(&boot_config);
	return result;
}

static void add_gdb(struct qemu_args *args, unsigned long port, const char *image,
		    const char *directory)
{
	char text[64], kernel[PATH_MAX];

	snprintf(text, sizeof(text), "tcp:localhost:%lu", port);
	qemu_args_add(args, "-gdb");
	qemu_args_add(args, text);
	qemu_args_add(args, "-S"); /* the CPU waits for gdb's first continue */
	if (extract_kernel(image, directory, kernel, sizeof(kernel)) != 0) {
		warning("no kernel symbols for gdb; attach with: gdb -ex 'target remote "
			"localhost:%lu'",
			port);
		return;
	}
	/* A hardware breakpoint: the kernel's memory is written after gdb
	 * attaches, over any software one. */
	fprintf(stderr,
		"ghostboot: QEMU waits for gdb on localhost:%lu; attach with the kernel's symbols:\n"
		"  gdb -ex 'target remote localhost:%lu' -ex 'hbreak kernel_main' %s\n",
		port, port, kernel);
}

/* Copies the console to stdout until QEMU ends (closing it) or the serial
 * console gives a verdict. Returns the outcome, with QEMU gone. */
static enum outcome watch(pid_t pid, int console, const struct verdict_rules *rules,
			  char *reason, size_t size)
{
	enum outcome outcome = OUTCOME_RUNNING;
	struct verdict_watch watching;
	struct serial_log log;
	char buffer[4096];
	ssize_t got;

	serial_log_init(&log);
	verdict_watch_init(&watching, rules);
	while (outcome == OUTCOME_RUNNING) {
		got = read(console, buffer, sizeof(buffer));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break; /* QEMU closed the console: it is ending */
		if (write(1, buffer, (size_t)got) < 0 || serial_log_append(&log, buffer, (size_t)got))
			break;
		outcome = verdict_serial(&watching, &log, reason, size);
	}
	if (outcome != OUTCOME_RUNNING) {
		tool_stop(pid);
	} else {
		int status = tool_wait(pid);

		/* Ending without a verdict is the user's way out: Ctrl-C, the
		 * window closed, a reset. */
		/* QEMU's own complaints went to the terminal: a QEMU that
		 * exits 1 before the guest said a word most likely failed. */
		outcome = status == 0 ? OUTCOME_PASSED
				      : verdict_exit(&watching, &log, status, 0,
						     log.length ? "" : "see its message above", reason,
						     size);
		if (status == 0)
			reason[0] = '\0';
	}
	serial_log_free(&log);
	return outcome;
}

static int parse_options(int argc, char **argv, struct boot_options *options, long *gdb_port)
{
	static const struct option long_options[] = {
		BOOT_LONG_OPTIONS,
		{ "gdb", optional_argument, 0, OPTION_GDB },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	unsigned long port = DEFAULT_GDB_PORT;
	int option, status;

	while ((option = getopt_long(argc, argv, BOOT_SHORT_OPTIONS, long_options, 0)) != -1) {
		switch (option) {
		case OPTION_GDB:
			if (optarg && (parse_unsigned(optarg, 65535, &port) != 0 || port == 0))
				return usage_error("run", "--gdb takes a TCP port, 1 to 65535, not '%s'",
						   optarg);
			*gdb_port = (long)port;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			status = boot_option(options, option, argv);
			if (status != 0)
				return status;
		}
	}
	return boot_options_finish(options, argc, argv, 0);
}

static int run_image(struct boot_options *options, long gdb_port)
{
	struct tool_stdio stdio = { .in = 0, .out = -1, .err = 2 };
	char directory[CLEANUP_DIRECTORY_MAX], overlay[PATH_MAX], reason[VERDICT_REASON_MAX] = "";
	const char *image;
	struct sigaction ignore;
	struct qemu_args args;
	enum outcome outcome;
	int console[2];
	pid_t pid;

	if (boot_prepare(options, "ghostboot-run", directory, overlay, &image) != 0)
		return EXIT_HARNESS;
	qemu_args_init(&args, &options->setup);
	qemu_args_add(&args, "-machine");
	qemu_args_add(&args, options->machines[0]);
	qemu_args_add_disk(&args, image, options->disks[0]);
	qemu_args_add(&args, "-serial");
	qemu_args_add(&args, "stdio");
	if (!getenv("DISPLAY")) {
		qemu_args_add(&args, "-display");
		qemu_args_add(&args, "none");
	}
	if (gdb_port)
		add_gdb(&args, (unsigned long)gdb_port, image, directory);
	qemu_args_add_extra(&args, &options->setup);
	if (args.failed || pipe(console) != 0) {
		qemu_args_free(&args);
		error("out of memory");
		return EXIT_HARNESS;
	}
	fcntl(console[0], F_SETFD, FD_CLOEXEC);
	/* Ctrl-C reaches QEMU, which ends; ghostboot stays to report. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ignore, 0);
	sigaction(SIGQUIT, &ignore, 0);
	stdio.out = console[1];
	pid = tool_spawn(args.argv, &stdio);
	qemu_args_free(&args);
	close(console[1]);
	if (pid < 0) {
		close(console[0]);
		return EXIT_HARNESS;
	}
	cleanup_add_child(pid);
	outcome = watch(pid, console[0], &options->rules, reason, sizeof(reason));
	cleanup_forget_child(pid);
	close(console[0]);
	if (outcome == OUTCOME_PASSED)
		return EXIT_OK;
	error("%s", reason);
	return outcome == OUTCOME_ERROR ? EXIT_HARNESS : EXIT_FAILED;
}

int run_command(int argc, char **argv)
{
	struct boot_options options;
	long gdb_port = 0;
	int status;

	if (boot_options_init(&options, "run", argc) != 0)
		return EXIT_HARNESS;
	status = parse_options(argc, argv, &options, &gdb_port);
	if (status == 0)
		status = run_image(&options, gdb_port);
	else if (status < 0)
		status = EXIT_OK;
	cleanup_files_now();
	boot_options_free(&options);
	return status;
}
