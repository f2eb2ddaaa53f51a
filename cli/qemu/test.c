/* `ghostboot test`: boots an image headless on every machine and disk asked
 * for and judges each boot (docs/cli.md, docs/contract.md "Success report"). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/qemu/boot_options.h"
#include "cli/qemu/junit.h"
#include "cli/qemu/matrix.h"
#include "cli/qemu/qemu.h"

#define DEFAULT_TIMEOUT 60
#define DEFAULT_TAIL 20
#define JOBS_MAX 64

static const char usage[] =
	"usage: ghostboot test IMG [--timeout S] [--expect TEXT]... [--pass TEXT]\n"
	"                      [--fail TEXT]... [--success-code N] [--exit-port PORT]\n"
	"                      [--firmware bios|uefi] [--machine pc|q35|isapc[,...]]\n"
	"                      [--disk ide|ahci|virtio|floppy[,...]]\n"
	"                      [-j N] [--log FILE] [--junit FILE] [--quiet] [--tail N]\n"
	"                      [--cmdline TEXT] [--memory SIZE] [--smp N] [--cpu MODEL]\n"
	"                      [--qemu PATH] [--qemu-arg ARG]... [-- QEMU ARGS...]\n"
	"\n"
	"Boots IMG headless in QEMU without changing it (-snapshot), once for every\n"
	"machine and disk listed, and judges each boot. A guest passes when it writes\n"
	"the success code to the exit port, or when the --pass text appears on its\n"
	"serial console; every --expect text must have appeared by then. It fails on\n"
	"another code, a --fail text, stage 2 halting on an error, a triple fault, a\n"
	"reset or power-off without a verdict, or the timeout: one line with the\n"
	"reason, then the last lines of the serial console. Exit status: 0 passed,\n"
	"1 a guest failed, 2 bad arguments or a harness error (no QEMU, no image).\n"
	"\n"
	"  --timeout S          give up on a boot after S seconds (default 60)\n"
	"  --expect TEXT        require TEXT on the serial console; repeatable\n"
	"  --pass TEXT          pass as soon as TEXT appears on the serial console\n"
	"  --fail TEXT          fail as soon as TEXT appears; repeatable\n"
	"  --success-code N     the passing exit code, 0 to 127 (default 0x10)\n"
	"  --exit-port PORT     the exit port, isa-debug-exit's (default 0xf4)\n"
	"  --firmware TYPE      bios (SeaBIOS, the default) or uefi (OVMF, from\n"
	"                       Debian's ovmf package, with a private copy of its\n"
	"                       variables)\n"
	"  --machine LIST       pc (default, i440FX; q35 under UEFI) and/or q35,\n"
	"                       comma-separated\n"
	"  --disk LIST          ide, ahci, virtio, floppy (drive A:); default: floppy\n"
	"                       for an image of a floppy's size, else ide\n"
	"  -j, --jobs N         boots at once (default: the number of CPUs)\n"
	"  --log FILE           keep the serial console in FILE (FILE.MACHINE-DISK\n"
	"                       when there are several boots)\n"
	"  --junit FILE         write a JUnit XML report to FILE\n"
	"  -q, --quiet          say nothing about boots that pass\n"
	"  --tail N             serial lines shown under a failure (default 20)\n"
	"  --cmdline TEXT       boot the default entry with this kernel command line\n"
	"  --memory SIZE        guest memory, such as 512M (default 256M)\n"
	"  --smp N, --cpu MODEL QEMU's -smp and -cpu\n"
	"  --qemu PATH          the QEMU to run (default $GHOSTBOOT_QEMU, else\n"
	"                       qemu-system-x86_64)\n"
	"  --qemu-arg ARG       one more argument for QEMU; repeatable; so are those\n"
	"                       after --\n"
	"  -h, --help           show this help\n";

enum {
	OPTION_TIMEOUT = BOOT_OPTION_END,
	OPTION_EXPECT,
	OPTION_LOG,
	OPTION_JUNIT,
	OPTION_TAIL,
};

struct test_options {
	struct boot_options boot;
	unsigned long timeout_seconds, jobs, tail;
	const char *log_path, *junit_path;
	int quiet;
};

/* What the report of each boot needs. */
struct test_run {
	const struct test_options *options;
	unsigned count;
	unsigned passed, failed, errors;
};

/* Returns 0, an exit status, or -1 once --help was shown. */
static int parse_options(int argc, char **argv, struct test_options *options)
{
	static const struct option long_options[] = {
		BOOT_LONG_OPTIONS,
		{ "timeout", required_argument, 0, OPTION_TIMEOUT },
		{ "expect", required_argument, 0, OPTION_EXPECT },
		{ "log", required_argument, 0, OPTION_LOG },
		{ "junit", required_argument, 0, OPTION_JUNIT },
		{ "tail", required_argument, 0, OPTION_TAIL },
		{ "jobs", required_argument, 0, 'j' },
		{ "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct verdict_rules *rules = &options->boot.rules;
	int option, status;

	rules->stop_on_entry_failure = 1;
	while ((option = getopt_long(argc, argv, BOOT_SHORT_OPTIONS "j:q", long_options, 0)) != -1) {
		switch (option) {
		case OPTION_TIMEOUT:
			if (parse_unsigned(optarg, 86400, &options->timeout_seconds) != 0 ||
			    options->timeout_seconds == 0)
				return usage_error("test", "--timeout takes seconds, 1 to 86400, not "
							   "'%s'",
						   optarg);
			break;
		case OPTION_EXPECT:
			if (optarg[0] == '\0')
				return usage_error("test", "--expect needs a non-empty text");
			rules->expected[rules->expected_count++] = optarg;
			break;
		case OPTION_LOG:
			options->log_path = optarg;
			break;
		case OPTION_JUNIT:
			options->junit_path = optarg;
			break;
		case OPTION_TAIL:
			if (parse_unsigned(optarg, 10000, &options->tail) != 0)
				return usage_error("test", "--tail takes 0 to 10000 lines, not '%s'",
						   optarg);
			break;
		case 'j':
			if (parse_unsigned(optarg, JOBS_MAX, &options->jobs) != 0 || options->jobs == 0)
				return usage_error("test", "-j takes 1 to %u boots at once, not '%s'",
						   JOBS_MAX, optarg);
			break;
		case 'q':
			options->quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			status = boot_option(&options->boot, option, argv);
			if (status != 0)
				return status;
		}
	}
	return boot_options_finish(&options->boot, argc, argv, 1);
}

static void report(const struct boot *boot, void *context)
{
	struct test_run *run = context;
	const char *name = run->count > 1 ? boot->name : "";
	const char *separator = run->count > 1 ? ": " : "";

	if (boot->outcome == OUTCOME_PASSED) {
		run->passed++;
		if (!run->options->quiet)
			printf("ghostboot: test passed: %s%s%s (%.1f s)\n", name, separator, boot->reason,
			       boot->seconds);
		fflush(stdout);
		return;
	}
	if (boot->outcome == OUTCOME_FAILED) {
		run->failed++;
		fprintf(stderr, "ghostboot: test failed: %s%s%s\n", name, separator, boot->reason);
	} else {
		run->errors++;
		error("%s%s%s", name, separator, boot->reason);
	}
	serial_log_print_tail(&boot->log, (unsigned)run->options->tail, stderr);
}

static void summarise(const struct test_run *run, const struct boot *boots, double seconds)
{
	FILE *out = run->passed == run->count ? stdout : stderr;
	const char *separator = "; not passed: ";
	unsigned i;

	if (run->count == 1 || (out == stdout && run->options->quiet))
		return;
	fprintf(out, "ghostboot: %u of %u boots passed", run->passed, run->count);
	for (i = 0; i < run->count; i++) {
		if (boots[i].outcome != OUTCOME_PASSED) {
			fprintf(out, "%s%s", separator, boots[i].name);
			separator = ", ";
		}
	}
	fprintf(out, " (%.1f s)\n", seconds);
}

/* Names each boot and its files: temporary ones in `directory`, the serial
 * console in --log when given. Returns 0, or -1 after an error. */
static int plan_boots(const struct test_options *options, const char *image,
		      const char *directory, struct boot *boots, unsigned count)
{
	const struct boot_options *boot_options = &options->boot;
	unsigned m, d, i = 0;

	for (m = 0; m < boot_options->machine_count; m++) {
		for (d = 0; d < boot_options->disk_count; d++, i++) {
			struct boot *boot = &boots[i];
			char tag[32];

			boot->image = image;
			boot->machine = boot_options->machines[m];
			boot->disk = boot_options->disks[d];
			snprintf(boot->name, sizeof(boot->name), "%s/%s", boot->machine, boot->disk);
			snprintf(tag, sizeof(tag), "%s-%s", boot->machine, boot->disk);
			snprintf(boot->qemu_log, sizeof(boot->qemu_log), "%s/qemu-%s.log", directory, tag);
			snprintf(boot->qemu_stderr, sizeof(boot->qemu_stderr), "%s/qemu-%s.stderr",
				 directory, tag);
			if (!options->log_path)
				snprintf(boot->serial_path, sizeof(boot->serial_path), "%s/serial-%s.log",
					 directory, tag);
			else if (count == 1)
				snprintf(boot->serial_path, sizeof(boot->serial_path), "%s",
					 options->log_path);
			else
				snprintf(boot->serial_path, sizeof(boot->serial_path), "%s.%s",
					 options->log_path, tag);
			if (cleanup_add_file(boot->qemu_log) != 0 ||
			    cleanup_add_file(boot->qemu_stderr) != 0 ||
			    (!options->log_path && cleanup_add_file(boot->serial_path) != 0))
				return error("too many temporary files");
		}
	}
	return 0;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Everything after the options: returns the exit status. */
static int test_image(struct test_options *options)
{
	struct boot_options *boot_options = &options->boot;
	unsigned count = boot_options->machine_count * boot_options->disk_count;
	struct test_run run = { options, count, 0, 0, 0 };
	char directory[CLEANUP_DIRECTORY_MAX], overlay[PATH_MAX];
	const char *image;
	struct boot *boots;
	struct timespec start;
	unsigned i;

	if (boot_prepare(boot_options, "ghostboot-test", directory, overlay, &image) != 0)
		return EXIT_HARNESS;
	boots = calloc(count, sizeof(*boots));
	if (!boots || plan_boots(options, image, directory, boots, count) != 0) {
		if (!boots)
			error("out of memory");
		free(boots);
		return EXIT_HARNESS;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	matrix_run(boots, count, (unsigned)options->jobs, options->timeout_seconds,
		   &boot_options->setup, &boot_options->rules, report, &run);
	summarise(&run, boots, seconds_since(&start));
	if (options->junit_path && junit_write(options->junit_path, boot_options->image, boots,
					       count, seconds_since(&start)) != 0)
		run.errors++;
	for (i = 0; i < count; i++)
		boot_free(&boots[i]);
	free(boots);
	return run.errors ? EXIT_HARNESS : run.failed ? EXIT_FAILED : EXIT_OK;
}

int test_command(int argc, char **argv)
{
	struct test_options options = { .timeout_seconds = DEFAULT_TIMEOUT, .tail = DEFAULT_TAIL };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int status;

	if (boot_options_init(&options.boot, "test", argc) != 0)
		return EXIT_HARNESS;
	options.jobs = cpus > 0 ? (unsigned long)(cpus < JOBS_MAX ? cpus : JOBS_MAX) : 1;
	status = parse_options(argc, argv, &options);
	if (status == 0)
		status = test_image(&options);
	else if (status < 0)
		status = EXIT_OK;
	cleanup_files_now();
	boot_options_free(&options.boot);
	return status;
}
