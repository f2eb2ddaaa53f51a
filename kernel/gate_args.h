/* The check of a call's arguments at a gate, by the kinds the export
 * declares (enum gb_arg_kind, <ghostboot/isolation.h>; docs/isolation.md):
 * strings and buffers must lie wholly in the caller's user range, buffers
 * the callee writes in writable pages, a format's conversions must match
 * the register arguments after it, a granted block must be one of the
 * caller's heap. Portable: the host test builds it (tests/kernel/test_gate_args.c). */
#ifndef KERNEL_GATE_ARGS_H
#define KERNEL_GATE_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/kalloc.h"

#define GATE_ARGS 6 /* RDI, RSI, RDX, RCX, R8, R9: nothing crosses on the stack */

/* What the caller may touch. */
struct caller_memory {
	uint64_t start, size; /* its user range */
	bool (*writable)(uint64_t address, uint64_t length); /* within the range */
	struct kalloc_pool *heap; /* blocks the kernel granted it */
};

/* Whether args satisfy the declaration `gate` (GB_GATE_ARGS); says which
 * argument does not, and why. */
bool gate_args_check(uint32_t gate, const uint64_t args[GATE_ARGS],
		     const struct caller_memory *caller, char *why);

#endif
