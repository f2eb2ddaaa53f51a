/* The CPU exceptions as the kernel sees them: the frame isr.asm builds, the
 * vectors handled specially, their names, and the one hook through which a
 * subsystem may take an exception before it is reported as fatal. idt.c
 * delivers exceptions here; module_call.c and isolated_call.c register the
 * hooks, so neither side calls the other. */
#ifndef KERNEL_EXCEPTIONS_H
#define KERNEL_EXCEPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCEPTION_COUNT 32
#define VECTOR_NMI 2
#define VECTOR_DOUBLE_FAULT 8 /* RIP undefined: nothing to resume */
#define VECTOR_PAGE_FAULT 14
#define VECTOR_MACHINE_CHECK 18

/* What isr.asm pushes, lowest address first. */
struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code; /* 0 for the exceptions without one */
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct exception_frame) == 22 * 8, "isr.asm pushes 22 words");

/* "#PF page fault", ... */
const char *exception_name(uint64_t vector);

/* Where a call into module code returns to, as module_call.asm and
 * isolated_call.asm store it before the call (at offset 0 of their
 * records): the registers the System V ABI says a callee preserves, the
 * return address, the stack pointer once returned, and the flags. */
struct call_return {
	uint64_t rbx, rbp, r12, r13, r14, r15;
	uint64_t rip, rsp, rflags;
};
_Static_assert(offsetof(struct call_return, rip) == 48, "call_return offsets used in assembly");
_Static_assert(offsetof(struct call_return, rflags) == 64, "call_return offsets used in assembly");

/* Rewrites `frame` so that iretq lands in ring 0 just after the recorded
 * call, as if it had returned `value`. */
void exception_return_from_call(struct exception_frame *frame, const struct call_return *call,
				uint64_t value);

/* Returns true when it took the exception, having rewritten the frame so
 * that returning from it resumes somewhere safe; false, touching nothing,
 * otherwise. */
typedef bool (*exception_recovery)(struct exception_frame *frame);

/* Adds a recovery hook (two at most). The newest is offered an exception
 * first: isolated calls run within module calls, so theirs goes second. */
void exception_add_recovery(exception_recovery recover);

/* Offers the exception to the hooks; false when none took it. */
bool exception_recover(struct exception_frame *frame);

#endif
