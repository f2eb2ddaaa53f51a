/* What the crashy test module exports (tests/kernel/modules/crashy.c). */
#ifndef TESTS_KERNEL_MODULES_CRASHY_API_H
#define TESTS_KERNEL_MODULES_CRASHY_API_H

/* Writes to crashy's own text: a page fault in ring 0. Never returns. */
int crashy_fault(void);

/* Calls the function at `function` in ring 0 and returns its result: what
 * no module in ring 0 should do with an isolated caller's pointer, and SMEP
 * refuses. */
int crashy_run(unsigned long function);

#endif
