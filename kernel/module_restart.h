/* Restarting a module after a fault instead of disabling it (docs/kernel.md,
 * "Restart after a fault"): its exit, its data put back as the loader linked
 * it, its init again, with every ready module that imports from it. */
#ifndef KERNEL_MODULE_RESTART_H
#define KERNEL_MODULE_RESTART_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "kernel/linked_modules.h"
#include "kernel/memmap.h"
#include "kernel/modules.h"

#define RESTART_LIMIT_MAX 100 /* what the configuration allows (`restart N`) */

/* Takes the restart limit and, for each linked module, its data region and
 * the loader's copy of its initialised data from the boot information, each
 * checked; a module whose entry does not hold up is named and never
 * restarted. Without a usable `map` nothing is restarted. Call after
 * linked_modules_register, before any module runs. */
void module_restart_register(const struct gb_bootinfo *bi, const struct module_table *modules,
			     const struct memmap *map);

/* Decides what follows a fault in `faulted`, which module_call reported and
 * marked MODULE_FAULTED, while `interrupted`'s init ran (NULL outside an
 * init). While `faulted` has restarts left: prints "module NAME: restart K of
 * N", calls the exits of every ready module that imports from it (directly
 * or not) and its own when its init had completed, in reverse init order;
 * puts back their data and zeroes the rest of their data regions, and sets
 * them, `faulted` and `interrupted` MODULE_PENDING for modules_start_pending
 * (module_init.h); returns true. Otherwise prints "module NAME: disabled"
 * and returns false. */
bool module_restart_after_fault(struct linked_module *faulted, struct linked_module *interrupted);

/* The same restart of a ready module, asked for instead of caused by a
 * fault and not counted against the limit (the restart bench). False, with
 * nothing done, when `m` is not ready or cannot be restarted. */
bool module_restart_now(struct linked_module *m);

/* module_call, and after a fault the restart of the module that faulted,
 * its modules started again and the call made once more, as long as
 * restarts remain and the called module is ready again. Returns what the
 * last module_call returned. */
struct linked_module *module_call_restarting(uint64_t fn, uint64_t *value);

#endif
