/* The gate isolated modules and programs call the kernel and other modules
 * through (GB_GATE_VECTOR; docs/isolation.md "At a gate"). */
#ifndef KERNEL_GATE_H
#define KERNEL_GATE_H

#include "kernel/exceptions.h"

/* Called by isr.asm's gate_entry. Checks the call, makes it and returns its
 * result in the frame's RAX; or, at the return stub or when a check fails,
 * rewrites the frame to leave ring 3 (isolated_call.h). */
void gate_handler(struct exception_frame *f);

#endif
