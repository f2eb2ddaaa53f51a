/* Programs (`program PATH`): linked by the loader against the exports the
 * kernel offers programs, run in ring 3 after module init
 * (docs/isolation.md "Programs"). */
#ifndef KERNEL_PROGRAMS_H
#define KERNEL_PROGRAMS_H

#include <ghostboot/bootinfo.h>

#define PROGRAMS_MAX 64 /* a larger count is corrupt */

/* Checks the program table and each program, then runs each that holds up,
 * printing `program NAME: exited with N`, or why it did not run or was
 * stopped. */
void programs_run(const struct gb_bootinfo *bi);

#endif
