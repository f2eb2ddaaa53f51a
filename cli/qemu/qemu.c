#include "cli/qemu/qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/disk/floppy.h"
#include "cli/qemu/qemu_args.h"
#include "cli/qemu/serial_log.h"
#include "cli/tools/tool.h"

#define POLL_INTERVAL_MS 50
#define LINE_QUOTED 200 /* bytes of a serial line quoted in a reason */
#define REASON_MAX 600

static const char run_usage[] =
	"usage: ghostboot run IMG [--disk ide|ahci|virtio|floppy]\n"
	"\n"
	"Boots IMG in QEMU (qemu-system-x86_64, TCG, 256 MiB) with the serial\n"
	"console on this terminal; without $DISPLAY there is no window. The image\n"
	"is written to as by a real machine. Exits 0 when the guest reports success\n"
	"(0x10 to port 0xf4) or QEMU ends otherwise, 1 when it reports failure (0x11).\n"
	"\n"
	"  --disk TYPE  ide, ahci, virtio, or floppy (drive A:); default: floppy\n"
	"               for an image of a floppy's size (360K, 720K, 1.2M, 1.44M,\n"
	"               2.88M), else ide\n"
	"  -h, --help   show this help\n";

static const char test_usage[] =
	"usage: ghostboot test IMG [--timeout S] [--expect TEXT]... [--machine pc|q35]\n"
	"                      [--disk ide|ahci|virtio|floppy] [--log FILE]\n"
	"\n"
	"Boots IMG headless in QEMU without changing it (-snapshot) and waits for the\n"
	"guest's verdict. Exits 0 only when the guest writes 0x10 to port 0xf4, the\n"
	"serial console shows the line SELFTEST PASS, and every --expect text appeared\n"
	"on it. Otherwise exits 1 with one line, \"ghostboot: test failed: REASON\":\n"
	"a timeout, a triple fault, a reset or power-off without a report, a failure\n"
	"reported by the guest, stage 2 stopping on an error, or a missing text.\n"
	"\n"
	"  --timeout S     give up after S seconds (default 60)\n"
	"  --expect TEXT   require TEXT on the serial console; repeatable\n"
	"  --machine TYPE  pc (default) or q35\n"
	"  --disk TYPE     ide, ahci, virtio, or floppy (drive A:); default: floppy\n"
	"                  for an image of a floppy's size, else ide\n"
	"  --log FILE      keep the serial console output in FILE\n"
	"  -h, --help      show this help\n";

/* --disk: returns 0, or the usage error's exit status. */
static int parse_disk(const char *command, const char *value, const char **disk)
{
	static const char *const disks[] = { "ide", "ahci", "virtio", "floppy" };
	size_t i;

	for (i = 0; i < sizeof(disks) / sizeof(disks[0]); i++) {
		if (strcmp(value, disks[i]) == 0) {
			*disk = disks[i];
			return 0;
		}
	}
	return usage_error(command, "--disk takes ide, ahci, virtio or floppy, not '%s'", value);
}

/* Without --disk: a floppy-sized image is drive A:, anything else an IDE
 * disk. */
static const char *default_disk(const char *image)
{
	struct stat info;

	if (stat(image, &info) == 0 && S_ISREG(info.st_mode) && floppy_size((uint64_t)info.st_size))
		return "floppy";
	return "ide";
}

/* Both commands take IMG and options; returns 0, or an exit status. */
static int check_image_argument(const char *command, int argc, char **argv)
{
	if (optind == argc)
		return usage_error(command, "name the image to boot");
	if (argc - optind > 1)
		return usage_error(command, "unexpected argument '%s'", argv[optind + 1]);
	if (access(argv[optind], R_OK) != 0) {
		error("cannot read %s: %s", argv[optind], strerror(errno));
		return EXIT_FAILED;
	}
	return 0;
}

int run_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "disk", required_argument, 0, 'd' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const struct tool_stdio terminal = { 0, 1, 2, 0 };
	struct qemu_args args;
	struct sigaction ignore, saved_int, saved_quit;
	const char *disk = 0;
	int option, status;
	pid_t pid;

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		switch (option) {
		case 'd':
			if (parse_disk("run", optarg, &disk) != 0)
				return EXIT_USAGE;
			break;
		case 'h':
			fputs(run_usage, stdout);
			return EXIT_OK;
		default:
			return option_error("run", option, argv);
		}
	}
	status = check_image_argument("run", argc, argv);
	if (status != 0)
		return status;
	qemu_args_init(&args);
	qemu_args_add_disk(&args, argv[optind], disk ? disk : default_disk(argv[optind]));
	qemu_args_add(&args, "-serial");
	qemu_args_add(&args, "stdio");
	if (!getenv("DISPLAY")) {
		qemu_args_add(&args, "-display");
		qemu_args_add(&args, "none");
	}
	if (args.failed) {
		qemu_args_free(&args);
		error("out of memory");
		return EXIT_FAILED;
	}
	/* Ctrl-C reaches QEMU, which ends; ghostboot stays to report. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ignore, &saved_int);
	sigaction(SIGQUIT, &ignore, &saved_quit);
	pid = tool_spawn(args.argv, &terminal);
	status = pid < 0 ? -1 : tool_wait(pid);
	sigaction(SIGINT, &saved_int, 0);
	sigaction(SIGQUIT, &saved_quit, 0);
	qemu_args_free(&args);
	if (status < 0)
		return EXIT_FAILED;
	if (status == QEMU_EXIT_PASS || status == 0)
		return EXIT_OK;
	if (status == QEMU_EXIT_FAIL)
		error("the guest reported failure (it wrote 0x11 to port 0xf4)");
	else if (status >= TOOL_KILLED)
		error(QEMU_PROGRAM " was killed by signal %d", status - TOOL_KILLED);
	else
		error(QEMU_PROGRAM " exited with status %d", status);
	return EXIT_FAILED;
}

struct test_options {
	const char *image;
	unsigned long timeout_seconds;
	const char **expected;
	unsigned expected_count;
	const char *machine;
	const char *disk;
	const char *log_path; /* 0: a temporary file */
};

/* The files of one test run, temporary unless the user named them. */
struct test_files {
	char directory[64];
	char serial[96], qemu_log[96], qemu_stderr[96];
	const char *serial_path; /* `serial`, or --log */
};

static int create_test_files(struct test_files *files, const char *log_path)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(files->directory, sizeof(files->directory), "%s/ghostboot-test.XXXXXX", tmp);
	if (!mkdtemp(files->directory))
		return error("cannot create a temporary directory in %s: %s", tmp, strerror(errno));
	snprintf(files->serial, sizeof(files->serial), "%s/serial.log", files->directory);
	snprintf(files->qemu_log, sizeof(files->qemu_log), "%s/qemu.log", files->directory);
	snprintf(files->qemu_stderr, sizeof(files->qemu_stderr), "%s/qemu.stderr",
		 files->directory);
	files->serial_path = log_path ? log_path : files->serial;
	/* Files first: the directory is removed after them. */
	cleanup_add_file(files->serial);
	cleanup_add_file(files->qemu_log);
	cleanup_add_file(files->qemu_stderr);
	cleanup_add_file(files->directory);
	return 0;
}

static void build_test_args(struct qemu_args *args, const struct test_options *options,
			    const struct test_files *files)
{
	qemu_args_add(args, "-machine");
	qemu_args_add(args, options->machine);
	qemu_args_add(args, "-display");
	qemu_args_add(args, "none");
	qemu_args_add(args, "-monitor");
	qemu_args_add(args, "none");
	qemu_args_add(args, "-nic");
	qemu_args_add(args, "none");
	/* The image is never written: writes go to a throwaway overlay. */
	qemu_args_add(args, "-snapshot");
	qemu_args_add(args, "-chardev");
	qemu_args_add_value(args, "file,id=serial0,path=", files->serial_path);
	qemu_args_add(args, "-serial");
	qemu_args_add(args, "chardev:serial0");
	/* QEMU logs "Triple fault" here before the reset -no-reboot ends it. */
	qemu_args_add(args, "-d");
	qemu_args_add(args, "cpu_reset");
	qemu_args_add(args, "-D");
	qemu_args_add(args, files->qemu_log);
	qemu_args_add_disk(args, options->image, options->disk);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Reads up to size - 1 bytes of a small file; "" when it cannot. */
static void read_small_file(const char *path, char *buffer, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, buffer, size - 1) : -1;

	buffer[got > 0 ? got : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static int file_contains(const char *path, const char *text)
{
	FILE *file = fopen(path, "r");
	char line[512];
	int found = 0;

	while (file && !found && fgets(line, sizeof(line), file))
		found = strstr(line, text) != 0;
	if (file)
		fclose(file);
	return found;
}

/* "(last serial line: "...")", or "(no serial output)". */
static void describe_last_line(const struct serial_log *log, char *out, size_t size)
{
	char line[LINE_QUOTED];

	serial_log_last_line(log, line, sizeof(line));
	if (line[0])
		snprintf(out, size, "(last serial line: \"%s\")", line);
	else
		snprintf(out, size, "(no serial output)");
}

/* The reason a run that ended with QEMU's `status` failed; "" when it
 * passed. */
static void judge_exit(const struct test_options *options, const struct test_files *files,
		       const struct serial_log *log, int status, char *reason, size_t size)
{
	char line[LINE_QUOTED], last[LINE_QUOTED + 32], output[512];
	unsigned i;

	reason[0] = '\0';
	describe_last_line(log, last, sizeof(last));
	if (status == QEMU_EXIT_PASS) {
		if (!serial_log_has_line(log, "SELFTEST PASS")) {
			snprintf(reason, size, "the guest signalled success without a SELFTEST PASS "
					       "line %s", last);
			return;
		}
		for (i = 0; i < options->expected_count; i++) {
			if (!serial_log_contains(log, options->expected[i])) {
				snprintf(reason, size, "expected text not seen: \"%.*s\"", LINE_QUOTED,
					 options->expected[i]);
				return;
			}
		}
	} else if (status == QEMU_EXIT_FAIL) {
		if (serial_log_find_line(log, "SELFTEST FAIL", log->length, line, sizeof(line)))
			snprintf(reason, size, "guest reported failure: %s", line);
		else
			snprintf(reason, size, "guest reported failure (0x11 to port 0xf4) %s", last);
	} else if (status == 0) {
		if (file_contains(files->qemu_log, "Triple fault"))
			snprintf(reason, size, "triple fault %s", last);
		else
			snprintf(reason, size, "guest reset or powered off without a report %s", last);
	} else if (status >= TOOL_KILLED) {
		snprintf(reason, size, QEMU_PROGRAM " was killed by signal %d",
			 status - TOOL_KILLED);
	} else {
		/* isa-debug-exit makes odd statuses too: 1 may be the guest's 0x00. */
		read_small_file(files->qemu_stderr, output, sizeof(output));
		tool_summarise_output(output, line, sizeof(line));
		if (line[0])
			snprintf(reason, size, QEMU_PROGRAM " failed (exit status %d): %s", status,
				 line);
		else
			snprintf(reason, size, "guest wrote 0x%02x to port 0xf4 (0x10: pass, 0x11: "
					       "fail) %s",
				 (unsigned)status >> 1, last);
	}
}

static void judge_halt(const struct serial_log *log, char *reason, size_t size)
{
	char line[LINE_QUOTED];

	if (serial_log_find_line(log, "ghostboot: error:", log->halted_at, line, sizeof(line)))
		snprintf(reason, size, "stage 2 stopped: %s", line);
	else
		snprintf(reason, size, "stage 2 stopped (ghostboot: halted, no error line before it)");
}

/* Boots and watches until a verdict. Returns 0 when the test passed, else
 * -1 with `reason` filled; 1 when QEMU could not start (already reported). */
static int watch_guest(const struct test_options *options, const struct test_files *files,
		       struct serial_log *log, char *reason, size_t size)
{
	const struct timespec tick = { 0, POLL_INTERVAL_MS * 1000 * 1000 };
	struct tool_stdio stdio = { -1, -1, -1, 1 };
	struct timespec start;
	struct qemu_args args;
	int serial_fd, status = -1;
	pid_t pid;

	/* Made empty before QEMU starts, so an old --log is never read. */
	serial_fd = open(files->serial_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	stdio.err = open(files->qemu_stderr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (serial_fd < 0 || stdio.err < 0) {
		error("cannot create %s: %s", serial_fd < 0 ? files->serial_path : files->qemu_stderr,
		      strerror(errno));
		if (serial_fd >= 0)
			close(serial_fd);
		if (stdio.err >= 0)
			close(stdio.err);
		return 1;
	}
	qemu_args_init(&args);
	build_test_args(&args, options, files);
	pid = args.failed ? -1 : tool_spawn(args.argv, &stdio);
	if (args.failed)
		error("out of memory");
	qemu_args_free(&args);
	close(stdio.err);
	if (pid < 0) {
		close(serial_fd);
		return 1;
	}
	cleanup_set_child(pid);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int wait_status;
		pid_t done = waitpid(pid, &wait_status, WNOHANG);

		serial_log_read(log, serial_fd);
		if (done == pid) {
			status = tool_status(wait_status);
			break;
		}
		if (log->halted) {
			tool_stop(pid);
			judge_halt(log, reason, size);
			break;
		}
		if (seconds_since(&start) >= (double)options->timeout_seconds) {
			char last[LINE_QUOTED + 32];

			tool_stop(pid);
			serial_log_read(log, serial_fd);
			describe_last_line(log, last, sizeof(last));
			snprintf(reason, size, "timeout after %lu s %s", options->timeout_seconds,
				 last);
			break;
		}
		nanosleep(&tick, 0);
	}
	cleanup_set_child(0);
	close(serial_fd);
	if (status >= 0) {
		/* A halt may be the last thing printed before QEMU ended. */
		if (log->halted)
			judge_halt(log, reason, size);
		else
			judge_exit(options, files, log, status, reason, size);
	}
	return reason[0] ? -1 : 0;
}

/* What parse_test_options returns besides an exit status to leave with. */
enum { OPTIONS_OK = 0, OPTIONS_HELP_SHOWN = -1 };

static int parse_test_options(int argc, char **argv, struct test_options *options)
{
	static const struct option long_options[] = {
		{ "timeout", required_argument, 0, 't' }, { "expect", required_argument, 0, 'e' },
		{ "machine", required_argument, 0, 'm' }, { "disk", required_argument, 0, 'd' },
		{ "log", required_argument, 0, 'l' },     { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	int option;

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		switch (option) {
		case 't':
			if (parse_unsigned(optarg, 86400, &options->timeout_seconds) != 0 ||
			    options->timeout_seconds == 0)
				return usage_error("test", "--timeout takes seconds, 1 to 86400, not "
							   "'%s'",
						   optarg);
			break;
		case 'e':
			if (optarg[0] == '\0')
				return usage_error("test", "--expect needs a non-empty text");
			options->expected[options->expected_count++] = optarg;
			break;
		case 'm':
			if (strcmp(optarg, "pc") != 0 && strcmp(optarg, "q35") != 0)
				return usage_error("test", "--machine takes pc or q35, not '%s'", optarg);
			options->machine = optarg;
			break;
		case 'd':
			if (parse_disk("test", optarg, &options->disk) != 0)
				return EXIT_USAGE;
			break;
		case 'l':
			options->log_path = optarg;
			break;
		case 'h':
			fputs(test_usage, stdout);
			return OPTIONS_HELP_SHOWN;
		default:
			return option_error("test", option, argv);
		}
	}
	return check_image_argument("test", argc, argv);
}

int test_command(int argc, char **argv)
{
	struct test_options options = { .timeout_seconds = 60, .machine = "pc" };
	char reason[REASON_MAX] = "";
	struct test_files files;
	struct serial_log log;
	char qemu_path[4096];
	struct timespec start;
	int status;

	/* Every argument could be an --expect. */
	options.expected = calloc((size_t)argc, sizeof(options.expected[0]));
	if (!options.expected) {
		error("out of memory");
		return EXIT_FAILED;
	}
	status = parse_test_options(argc, argv, &options);
	if (status != OPTIONS_OK) {
		free(options.expected);
		return status == OPTIONS_HELP_SHOWN ? EXIT_OK : status;
	}
	options.image = argv[optind];
	if (!options.disk)
		options.disk = default_disk(options.image);
	cleanup_catch_signals();
	if (tool_find(QEMU_PROGRAM, qemu_path, sizeof(qemu_path)) != 0 ||
	    create_test_files(&files, options.log_path) != 0) {
		free(options.expected);
		return EXIT_FAILED;
	}
	serial_log_init(&log);
	clock_gettime(CLOCK_MONOTONIC, &start);
	status = watch_guest(&options, &files, &log, reason, sizeof(reason));
	if (status == 0)
		printf("ghostboot: test passed: SELFTEST PASS%s (%.1f s)\n",
		       options.expected_count ? ", every expected text seen" : "",
		       seconds_since(&start));
	else if (status < 0)
		fprintf(stderr, "ghostboot: test failed: %s\n", reason);
	cleanup_files_now();
	serial_log_free(&log);
	free(options.expected);
	return status == 0 ? EXIT_OK : EXIT_FAILED;
}
