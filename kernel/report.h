/* How the kernel says it succeeded or failed (docs/contract.md "Success report").
 * Both end by halting: the outcome is a line on COM1 and a value written to
 * the QEMU isa-debug-exit port. */
#ifndef KERNEL_REPORT_H
#define KERNEL_REPORT_H

#include <stdbool.h>

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits with status 33 */
#define DEBUG_EXIT_FAIL 0x11 /* QEMU exits with status 35 */

/* Whether the command line asked for the self test. Until it is known (the
 * boot info may be unreadable) a failure is reported as a self test failure,
 * so that a test harness always sees it. */
void report_set_selftest(bool selftest);

/* Prints "SELFTEST PASS", signals 0x10, halts. */
__attribute__((noreturn)) void report_pass(void);

/* Prints "SELFTEST FAIL: <why>" (or "PANIC: <why>" outside the self test),
 * signals 0x11, halts. Safe to reach again while failing. */
__attribute__((noreturn, format(printf, 1, 2))) void report_fail(const char *fmt, ...);

#endif
