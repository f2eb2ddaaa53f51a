/* One headless boot of `ghostboot test`: QEMU started on a machine and a
 * disk, its serial console watched until a verdict or the timeout. */
#ifndef GHOSTBOOT_CLI_QEMU_BOOT_H
#define GHOSTBOOT_CLI_QEMU_BOOT_H

#include <limits.h>
#include <sys/types.h>
#include <time.h>

#include "cli/qemu/qemu_args.h"
#include "cli/qemu/serial_log.h"
#include "cli/qemu/verdict.h"

struct boot {
	const char *image;
	const char *machine, *disk; /* "pc", "ide" */
	char name[32];              /* "pc/ide" */
	char serial_path[PATH_MAX]; /* the serial console: --log, or a temporary file */
	char qemu_log[PATH_MAX];    /* -D: QEMU logs a triple fault here */
	char qemu_stderr[PATH_MAX];
	/* While it runs. */
	pid_t pid;
	int serial_fd;
	struct timespec start;
	struct serial_log log;
	struct verdict_watch watch;
	/* The verdict. */
	enum outcome outcome;
	char reason[VERDICT_REASON_MAX];
	double seconds;
};

/* Starts QEMU for `boot` (image, machine, disk and file names filled in).
 * Returns 0; or -1 with the boot ended as OUTCOME_ERROR, after an error. */
int boot_start(struct boot *boot, const struct qemu_setup *setup,
	       const struct verdict_rules *rules);

/* Looks at a running boot once: returns 1 when it has ended (QEMU is gone
 * and the verdict is in `boot`), else 0. */
int boot_poll(struct boot *boot, unsigned long timeout_seconds);

/* Frees what a finished boot still holds (its serial log). */
void boot_free(struct boot *boot);

#endif
