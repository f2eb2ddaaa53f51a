/* The image file mkimage writes: built as a temporary file beside it and
 * renamed over it once complete, so that it is never half-written. */
#ifndef GHOSTBOOT_MKIMAGE_OUTPUT_H
#define GHOSTBOOT_MKIMAGE_OUTPUT_H

#include <stdint.h>

/* Refuses an `output` that exists and is not a regular file. Returns 0, or
 * -1 after an error. */
int output_check(const char *output);

/* Creates the sparse temporary image "DIR/.NAME.PID.XXXXXX" of `size`
 * bytes, registered for cleanup, having removed those of killed runs.
 * Returns its path, or 0 after an error. */
char *output_create_temporary(const char *output, uint64_t size);

/* Flushes `temporary` and renames it to `output`. Returns 0, or -1. */
int output_commit(const char *temporary, const char *output);

#endif
