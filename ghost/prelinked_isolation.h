/* The isolation of a module linked into a kernel by `ghostboot link
 * --isolated` (include/ghostboot/prelinked.h), read back from the kernel
 * file: one rule for stage 2 and the CLI, which both read that table. */
#ifndef GHOSTBOOT_GHOST_PRELINKED_ISOLATION_H
#define GHOSTBOOT_GHOST_PRELINKED_ISOLATION_H

#include <ghostboot/isolation.h>
#include <ghostboot/prelinked.h>

/* Why the struct gb_isolation of entry `e` does not hold up, or 0 (also
 * for an entry not flagged GB_PRELINKED_ISOLATED): its user part starts
 * the image on a page and ends within it on a page, its stack, heap and
 * stubs lie in that part, its gate table in the rest. */
const char *ghost_prelinked_isolation_problem(const struct gb_prelinked_module *e,
					      const struct gb_isolation *iso);

#endif
