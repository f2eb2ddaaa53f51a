/* An error while an entry boots is not the end of the machine: stage 2
 * shows it and returns to the menu, where another entry can be chosen
 * (docs/stage2.md, "Errors"). */
#ifndef GHOSTBOOT_STAGE2_RECOVERY_H
#define GHOSTBOOT_STAGE2_RECOVERY_H

struct config;
struct config_entry;

/* __builtin_setjmp's buffer: recovery_boot_menu sets it before each boot
 * attempt and arms the return with recovery_arm. */
extern void *recovery_point[5];

/* The menu until an entry boots, through `boot`, which does not return.
 * Each attempt starts from the same memory: an entry that fails comes back
 * here with what it took given back, and is marked; when none is left the
 * boot halts. */
__attribute__((noreturn)) void recovery_boot_menu(const struct config *config,
						  void (*boot)(const struct config_entry *));

void recovery_arm(void);
/* After a CPU exception nothing stage 2 holds can be trusted: no return. */
void recovery_disarm(void);

/* Called by panic after the error line: back to recovery_point when armed
 * (disarming it), else returns. */
void recovery_return(void);

/* Restarts the machine: under the BIOS the keyboard controller's reset
 * line, else a triple fault; under UEFI the firmware's ResetSystem. */
__attribute__((noreturn)) void recovery_restart(void);

/* The end of a boot that cannot go on: prints "ghostboot: halted" (what
 * `ghostboot test` looks for). Under the BIOS, unless `faulted` (a CPU
 * exception: the BIOS may not be reachable), it restarts the machine at a
 * key; under UEFI it returns to the firmware's boot manager while boot
 * services last. */
__attribute__((noreturn)) void recovery_halt(int faulted);

#endif
