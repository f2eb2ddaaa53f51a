/* `bench-restart=NAME` (docs/kernel.md "Command line"): times restarts of a
 * module for `make bench` (docs/performance.md). */
#ifndef KERNEL_MODULE_RESTART_BENCH_H
#define KERNEL_MODULE_RESTART_BENCH_H

/* With bench-restart=NAME on the command line: restarts the ready module
 * NAME, with its importers, a fixed number of times and prints the median
 * of the TSC cycles each took, from its exit to every module ready again. */
void module_restart_bench(const char *cmdline);

#endif
