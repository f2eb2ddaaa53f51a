/* Calling into a module so that a fault there costs the module, not the
 * kernel (docs/kernel.md, "Fault isolation"). */
#ifndef KERNEL_MODULE_CALL_H
#define KERNEL_MODULE_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/idt.h"
#include "kernel/linked_modules.h"

/* Calls the function at `fn` (no arguments, a result in RAX). Returns NULL
 * with *value set when it returned. When a CPU exception hits inside a
 * module's image meanwhile, the fault is reported, that module is marked
 * MODULE_FAULTED, the call is abandoned, and the faulting module is returned. */
struct linked_module *module_call(uint64_t fn, uint64_t *value);

/* For exception_handler: when the exception hit inside a module's image
 * during module_call, reports it as "module NAME faulted at NAME+0xOFFSET",
 * disables the module and rewrites the frame so that returning from the
 * exception completes the interrupted module_call. Returns false, touching
 * nothing, for any other exception. */
bool module_call_recover(struct exception_frame *frame);

#endif
