/* What the flaky test module exports (tests/kernel/modules/flaky.c). */
#ifndef TESTS_KERNEL_MODULES_FLAKY_API_H
#define TESTS_KERNEL_MODULES_FLAKY_API_H

#include <stdint.h>

#define FLAKY_VALUE 0xf1a4e5u

/* FLAKY_VALUE while flaky's data is as its one init left it; faults instead
 * on its first call while the kernel has not restarted flaky. */
uint32_t flaky_value(void);

#endif
