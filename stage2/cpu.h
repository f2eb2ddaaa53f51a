/* What the CPU can do, from CPUID. */
#ifndef GHOSTBOOT_STAGE2_CPU_H
#define GHOSTBOOT_STAGE2_CPU_H

/* Nonzero when the CPU has long mode and PAE, which a 64-bit kernel needs. */
int cpu_has_long_mode(void);

/* Nonzero when page tables may mark pages no-execute. */
int cpu_has_no_execute(void);

#endif
