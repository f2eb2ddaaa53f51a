/* Calling into a module so that a fault there costs the module, not the
 * kernel (docs/kernel.md, "Fault isolation"). */
#ifndef KERNEL_MODULE_CALL_H
#define KERNEL_MODULE_CALL_H

#include <stdint.h>

#include "kernel/linked_modules.h"

/* Calls the function at `fn` (no arguments, a result in RAX). Returns NULL
 * with *value set when it returned. When a CPU exception hits inside a
 * module's image meanwhile, the fault is reported, that module is marked
 * MODULE_FAULTED, the call is abandoned, and the faulting module is returned:
 * the caller then restarts or disables it (module_restart.h). */
struct linked_module *module_call(uint64_t fn, uint64_t *value);

/* Installs the recovery hook (exceptions.h) through which a fault inside a
 * module's image during module_call is reported as "module NAME faulted at
 * NAME+0xOFFSET", marks the module faulted and completes the interrupted
 * module_call. Call once the IDT is in place. */
void module_call_init(void);

#endif
