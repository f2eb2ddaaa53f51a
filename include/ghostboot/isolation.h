/* Isolated modules and programs (docs/isolation.md).
 *
 * A module linked `isolated` (or a program) runs in ring 3 in pages of its
 * own. It reaches the kernel and other modules only through gates: each of
 * its imports is resolved by the loader to a gate stub the loader writes,
 * which enters the kernel with `int GB_GATE_VECTOR` and the gate's index in
 * EAX; the kernel checks the call against the gate table (kernel-only
 * memory) and the export's gate declaration (struct gb_export.gate), makes
 * the call and returns its RAX. Each export of an isolated module is
 * reached through an entry trampoline the loader writes in the module's
 * kernel-only pages: it loads the function's address into RAX and jumps to
 * the kernel's GB_ISOLATION_ENTRY_SYMBOL, which switches to the module's
 * privilege and stack; the module's exports table (and so every direct
 * caller) holds the trampolines' addresses. */
#ifndef GHOSTBOOT_ISOLATION_H
#define GHOSTBOOT_ISOLATION_H

#include <stdint.h>

/* The interrupt vector a gate stub raises; its IDT gate has DPL 3. */
#define GB_GATE_VECTOR 0x80
/* EAX at the return stub: the module's function returned, RAX is lost
 * (the stub moved it to RDX first; see GB_RETURN_STUB). */
#define GB_GATE_RETURN 0xffffffffu

/* A gate stub, GB_GATE_STUB_SIZE bytes, one per import in gate-table order:
 *     mov eax, INDEX ; int GB_GATE_VECTOR ; ret
 * After the last stub, the return stub: a module function entered through a
 * trampoline returns to it:
 *     mov rdx, rax ; mov eax, GB_GATE_RETURN ; int GB_GATE_VECTOR ; ud2 */
#define GB_GATE_STUB_SIZE 8u

/* The kernel function an entry trampoline jumps to, by its export name:
 *     movabs rax, FUNCTION ; movabs r11, ENTRY ; jmp r11
 * The kernel must export it (GB_EXPORT) for isolated modules to link. It
 * finds the module from RAX, enters it in ring 3 with the caller's
 * argument registers, and returns the module function's result. */
#define GB_ISOLATION_ENTRY_SYMBOL "gb_isolated_call"

/* Fixed sizes of what the loader adds to an isolated image. */
#define GB_ISOLATED_STACK_SIZE 0x4000u /* ring-3 stack, below the data region */
#define GB_ISOLATED_HEAP_SIZE 0x10000u /* kmalloc from this module is served here */

/* What a gate checks of each argument of a call from ring 3: 4 bits per
 * argument, argument 0 (RDI) in bits 0-3, up to argument 5 (R9). */
enum gb_arg_kind {
	GB_ARG_INT = 0,     /* any value, unchecked */
	GB_ARG_STRING = 1,  /* a NUL-terminated string the caller may read */
	GB_ARG_FORMAT = 2,  /* a printf format string; the register arguments after it are
			       checked by its conversions (%s a string, %n refused) */
	GB_ARG_GRANTED = 3, /* 0, or a block the kernel granted this caller (its heap) */
	GB_ARG_IN = 4,      /* GB_ARG_IN + j: bytes the caller may read, argument j counts them */
	GB_ARG_OUT = 10,    /* GB_ARG_OUT + j: bytes the caller may write, argument j counts them */
};
#define GB_GATE_DECLARED (1u << 31) /* the export says how a gate checks it */
#define GB_GATE_PROGRAMS (1u << 30) /* programs may import it (their system calls) */
#define GB_GATE_ARGS(a0_, a1_, a2_, a3_, a4_, a5_)                                    \
	(GB_GATE_DECLARED | (uint32_t)(a0_) | (uint32_t)(a1_) << 4 |                  \
	 (uint32_t)(a2_) << 8 | (uint32_t)(a3_) << 12 | (uint32_t)(a4_) << 16 |       \
	 (uint32_t)(a5_) << 20)
#define GB_GATE_ARG_KIND(gate_, n_) (((gate_) >> (4 * (n_))) & 0xfu)

/* One gate of an isolated module or program, in kernel-only memory. */
#define GB_GATE_KERNEL 0xffffffffu /* provider: the kernel's own .gbexports */
struct gb_gate {
	uint64_t target;       /* the export's address (a trampoline for an isolated exporter) */
	uint32_t provider;     /* GB_GATE_KERNEL, or the exporter's index in the module table */
	uint32_t export_index; /* the entry of the provider's export table it resolved to */
};
_Static_assert(sizeof(struct gb_gate) == 16, "gate is 16 bytes");

/* Where an isolated module or a program lives; every address is virtual. */
struct gb_isolation {
	uint64_t user_start; /* the pages mapped user-accessible while it runs: text and */
	uint64_t user_size;  /* gate stubs, rodata, stack, data, bss, heap */
	uint64_t stack_top;  /* 16-byte aligned; the stack grows down towards rodata */
	uint64_t heap;       /* GB_ISOLATED_HEAP_SIZE bytes of its data region */
	uint64_t gate_stubs; /* gate_count stubs, then the return stub */
	uint64_t gates;      /* struct gb_gate[gate_count], kernel-only */
	uint32_t gate_count;
	uint32_t reserved;
};
_Static_assert(sizeof(struct gb_isolation) == 56, "isolation is 56 bytes");

#endif
