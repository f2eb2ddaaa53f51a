/* What the crashy test module exports (tests/kernel/modules/crashy.c). */
#ifndef TESTS_KERNEL_MODULES_CRASHY_API_H
#define TESTS_KERNEL_MODULES_CRASHY_API_H

/* Writes to crashy's own text: a page fault in ring 0. Never returns. */
int crashy_fault(void);

#endif
