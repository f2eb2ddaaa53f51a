/* The boots of one `ghostboot test`, every machine with every disk, run side
 * by side up to a number of jobs. */
#ifndef GHOSTBOOT_CLI_QEMU_MATRIX_H
#define GHOSTBOOT_CLI_QEMU_MATRIX_H

#include "cli/qemu/boot.h"

/* Called as each boot ends, in the order they end. */
typedef void matrix_report(const struct boot *boot, void *context);

/* Runs `count` boots (image, machine, disk and files filled in), at most
 * `jobs` at once, each until its verdict or `timeout_seconds`. */
void matrix_run(struct boot *boots, unsigned count, unsigned jobs, unsigned long timeout_seconds,
		const struct qemu_setup *setup, const struct verdict_rules *rules,
		matrix_report *report, void *context);

#endif
