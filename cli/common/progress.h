/* Progress on long work (docs/cli.md, "Progress"): a line on stderr for
 * each step of mkimage or install, and for each file copied, when the
 * target is large or a device and stderr is a terminal, or on request. */
#ifndef GHOSTBOOT_CLI_COMMON_PROGRESS_H
#define GHOSTBOOT_CLI_COMMON_PROGRESS_H

#include <stdint.h>

/* Images larger than this, and every block device, earn progress lines. */
#define PROGRESS_LARGE (256ull << 20)

/* Decides whether the steps that follow are shown: with `forced`
 * (--progress) always; else when stderr is a terminal and `target` is a
 * block device or `bytes` is over PROGRESS_LARGE. */
void progress_start(int forced, const char *target, uint64_t bytes);

/* "ghostboot: TEXT" on stderr, when shown. */
void progress_step(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
