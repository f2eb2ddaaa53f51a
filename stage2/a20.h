#ifndef GHOSTBOOT_STAGE2_A20_H
#define GHOSTBOOT_STAGE2_A20_H

/* Opens the A20 gate so memory above 1 MiB is not an alias of memory below
 * it. Returns 0, or -1 when every method failed. */
int a20_enable(void);

/* Closes the gate again, the way a20_enable opened it, when it was closed
 * before: a chainloaded boot sector gets A20 as the BIOS left it. */
void a20_restore(void);

#endif
