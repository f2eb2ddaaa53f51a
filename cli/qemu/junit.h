/* `ghostboot test --junit FILE`: the boots as a JUnit XML report, the format
 * CI test reporters read (GitLab, Jenkins, GitHub actions): one testsuite,
 * one testcase per boot. */
#ifndef GHOSTBOOT_CLI_QEMU_JUNIT_H
#define GHOSTBOOT_CLI_QEMU_JUNIT_H

#include "cli/qemu/boot.h"

/* Writes the report of `count` finished boots of `image`, which took
 * `seconds` in all, to `path` (a temporary file beside it, renamed over
 * it). Returns 0, or -1 after an error. */
int junit_write(const char *path, const char *image, const struct boot *boots, unsigned count,
		double seconds);

#endif
