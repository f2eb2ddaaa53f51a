/* The self test's module checks that need the modules running: init
 * outcomes, isolation, and the call across modules (docs/kernel.md). */
#ifndef KERNEL_SELFTEST_MODULES_H
#define KERNEL_SELFTEST_MODULES_H

#include <stdbool.h>

/* Each expect-fault=NAME names a module that a fault disabled; every other
 * linked module is ready; hello_check, found in hello's export table,
 * returns HELLO_CHECK_VALUE. Modules the loader did not link are left to the
 * file check. Writes the first failure to why[REASON_MAX]. */
bool selftest_modules(const char *cmdline, char *why);

#endif
