/* What the CPU can do, from CPUID. */
#ifndef GHOSTBOOT_STAGE2_CPU_H
#define GHOSTBOOT_STAGE2_CPU_H

/* Nonzero when the CPU has long mode and PAE, which a 64-bit kernel needs. */
int cpu_has_long_mode(void);

/* Nonzero when page tables may mark pages no-execute. */
int cpu_has_no_execute(void);

/* On a CPU with the SHA extensions, lets SSE instructions run (CR4.OSFXSR
 * set, CR0.EM and CR0.TS clear: the BIOS leaves them off, UEFI firmware
 * on) and has the pins hashed with those extensions (config/sha256.h);
 * elsewhere, as under QEMU's TCG, touches nothing. Once, before any file
 * is read. */
void cpu_hash_with_extensions(void);

/* The hash back to its portable code and CR0 and CR4 as the firmware left
 * them: each hand-off calls it last, so a kernel or boot sector finds the
 * machine as docs/contract.md, docs/multiboot.md and docs/linux.md say. */
void cpu_restore_before_handoff(void);

#endif
