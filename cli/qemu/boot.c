#include "cli/qemu/boot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/tools/tool.h"

#define QEMU_ERROR_KEPT 4096

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void build_args(struct qemu_args *args, const struct boot *boot,
		       const struct qemu_setup *setup)
{
	qemu_args_init(args, setup);
	qemu_args_add(args, "-machine");
	qemu_args_add(args, boot->machine);
	qemu_args_add(args, "-display");
	qemu_args_add(args, "none");
	qemu_args_add(args, "-monitor");
	qemu_args_add(args, "none");
	/* The image is never written: writes go to a throwaway overlay. */
	qemu_args_add(args, "-snapshot");
	qemu_args_add(args, "-chardev");
	qemu_args_add_value(args, "file,id=serial0,path=", boot->serial_path);
	qemu_args_add(args, "-serial");
	qemu_args_add(args, "chardev:serial0");
	/* QEMU logs "Triple fault" here before the reset -no-reboot ends it. */
	qemu_args_add(args, "-d");
	qemu_args_add(args, "cpu_reset");
	qemu_args_add(args, "-D");
	qemu_args_add(args, boot->qemu_log);
	qemu_args_add_disk(args, boot->image, boot->disk);
	qemu_args_add_extra(args, setup);
}

static void end(struct boot *boot, enum outcome outcome)
{
	boot->outcome = outcome;
	boot->seconds = seconds_since(&boot->start);
	if (boot->pid > 0)
		cleanup_forget_child(boot->pid);
	boot->pid = 0;
	if (boot->serial_fd >= 0)
		close(boot->serial_fd);
	boot->serial_fd = -1;
}

int boot_start(struct boot *boot, const struct qemu_setup *setup,
	       const struct verdict_rules *rules)
{
	struct tool_stdio stdio = { .in = -1, .out = -1, .err = -1, .own_process_group = 1 };
	struct qemu_args args;

	serial_log_init(&boot->log);
	verdict_watch_init(&boot->watch, rules);
	clock_gettime(CLOCK_MONOTONIC, &boot->start);
	boot->pid = 0;
	/* Made empty before QEMU starts, so an old --log is never read. */
	boot->serial_fd = open(boot->serial_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	stdio.err = open(boot->qemu_stderr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (boot->serial_fd < 0 || stdio.err < 0) {
		snprintf(boot->reason, sizeof(boot->reason), "cannot create %.300s: %s",
			 boot->serial_fd < 0 ? boot->serial_path : boot->qemu_stderr,
			 strerror(errno));
		if (stdio.err >= 0)
			close(stdio.err);
		end(boot, OUTCOME_ERROR);
		return -1;
	}
	build_args(&args, boot, setup);
	boot->pid = args.failed ? -1 : tool_spawn(args.argv, &stdio);
	qemu_args_free(&args);
	close(stdio.err);
	if (boot->pid < 0) {
		snprintf(boot->reason, sizeof(boot->reason), "cannot start %s", setup->program);
		end(boot, OUTCOME_ERROR);
		return -1;
	}
	cleanup_add_child(boot->pid);
	return 0;
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

static void judge_exit(struct boot *boot, int status)
{
	char text[QEMU_ERROR_KEPT], summary[400];
	int triple_fault;

	read_small_file(boot->qemu_log, text, sizeof(text));
	triple_fault = strstr(text, "Triple fault") != 0;
	read_small_file(boot->qemu_stderr, text, sizeof(text));
	tool_summarise_output(text, summary, sizeof(summary));
	end(boot, verdict_exit(&boot->watch, &boot->log, status, triple_fault, summary,
			       boot->reason, sizeof(boot->reason)));
}

int boot_poll(struct boot *boot, unsigned long timeout_seconds)
{
	enum outcome outcome;
	int wait_status;
	pid_t done;

	/* Waited for first: what QEMU wrote before it ended is then all read. */
	done = waitpid(boot->pid, &wait_status, WNOHANG);
	if (serial_log_read(&boot->log, boot->serial_fd) != 0)
		warning("%s: cannot read %s: %s", boot->name, boot->serial_path, strerror(errno));
	outcome = verdict_serial(&boot->watch, &boot->log, boot->reason, sizeof(boot->reason));
	if (outcome != OUTCOME_RUNNING) {
		if (done != boot->pid)
			tool_stop(boot->pid);
		end(boot, outcome);
		return 1;
	}
	if (done == boot->pid) {
		judge_exit(boot, tool_status(wait_status));
		return 1;
	}
	if (seconds_since(&boot->start) >= (double)timeout_seconds) {
		tool_stop(boot->pid);
		verdict_timeout(&boot->log, timeout_seconds, boot->reason, sizeof(boot->reason));
		end(boot, OUTCOME_FAILED);
		return 1;
	}
	return 0;
}

void boot_free(struct boot *boot)
{
	serial_log_free(&boot->log);
}
