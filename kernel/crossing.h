/* Arguments crossing into an isolated module (docs/isolation.md): ring 3
 * reaches only the callee's own pages, so what a declared pointer argument
 * points to is copied onto the callee's stack, below its top, and the
 * callee gets the copy; a buffer it writes (GB_ARG_OUT) is copied back to
 * the caller's once it returns. Undeclared arguments cross as they are. */
#ifndef KERNEL_CROSSING_H
#define KERNEL_CROSSING_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/gate_args.h"

/* Bytes of the callee's stack the copies may take; the rest is its own. */
#define CROSSING_ROOM 0x2000u

/* An output buffer to copy back: the caller's, the callee's copy. */
struct crossing_back {
	uint64_t to, from, length;
};

struct crossing {
	uint64_t sp;    /* the callee's stack pointer, lowered by each copy */
	uint64_t floor; /* the lowest it may go */
	unsigned back_count;
	struct crossing_back back[GATE_ARGS];
};

/* Copies for the call `gate` declares into the stack below stack_top,
 * rewriting args to point at the copies. False, with why, when they do not
 * fit in CROSSING_ROOM. */
bool crossing_copy_in(struct crossing *c, uint64_t stack_top, uint32_t gate,
		      uint64_t args[GATE_ARGS], char *why);

/* After the call: the callee's output buffers back into the caller's. */
void crossing_copy_back(const struct crossing *c);

#endif
