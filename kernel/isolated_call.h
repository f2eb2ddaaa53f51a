/* Running isolated code in ring 3 (docs/isolation.md): the chain of
 * isolated calls in progress, entering ring 3, leaving it at the return
 * stub, and stopping an isolated module or program that faults or fails a
 * gate's check, so that its ring-0 caller sees a failed call. */
#ifndef KERNEL_ISOLATED_CALL_H
#define KERNEL_ISOLATED_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/exceptions.h"
#include "kernel/gate_args.h"
#include "kernel/isolation.h"

/* GB_ISOLATION_ENTRY_SYMBOL, where every entry trampoline jumps
 * (isolated_call.asm): not a C function, never to be called from C. */
void gb_isolated_call(void);

/* Calls function (in img's user range) in ring 3 with args, on img's stack
 * at user_sp with the return stub as its return address. Returns its
 * result; 0, with *stopped set, when img was stopped meanwhile. */
uint64_t isolated_run(struct isolated *img, uint64_t function,
		      const uint64_t args[GATE_ARGS], uint64_t user_sp, bool *stopped);

/* The image running in ring 3 now (the innermost call), or NULL. */
struct isolated *isolated_current(void);

/* The gate calls of the innermost image: gate.c brackets the call it makes
 * on ring 3's behalf, so that a fault in a ring-0 module during it returns
 * 0 to the gate instead of tearing down the chain. */
void isolated_gate_begin(struct exception_frame *gate_frame);
void isolated_gate_end(void);

/* Rewrites the frame of a gate raised by the innermost image so that the
 * iretq leaves ring 3 for good: isolated_run returns value. */
void isolated_leave(struct exception_frame *f, uint64_t value);

/* Stops the innermost image: prints "KIND NAME: WHY: stopped", disables a
 * module, and leaves ring 3 as isolated_leave does with the call failed. */
void isolated_stop(struct exception_frame *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Turns on SMEP and SMAP and installs the recovery hook for faults in
 * ring 3 (exceptions.h). Call after module_call_init. */
void isolated_call_init(void);

#endif
