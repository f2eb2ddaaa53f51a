/* The self test the `selftest` command line word runs (docs/contract.md "Success report"). */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <ghostboot/bootinfo.h>

/* Checks the boot info and every module, then reports PASS or FAIL and halts.
 * Runs after modules_init, whose outcome it checks. */
__attribute__((noreturn)) void selftest_run(const struct gb_bootinfo *bi, const char *cmdline);

#endif
