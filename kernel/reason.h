/* Checks explain a failure in a short text for the one place that prints it. */
#ifndef KERNEL_REASON_H
#define KERNEL_REASON_H

#include <stdbool.h>

#define REASON_MAX 160

/* Formats the reason into why[REASON_MAX] and returns false, so that a check
 * can end with `return reason(why, "...", ...);`. */
bool reason(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
