/* Exceptions: every one of the 32 CPU exceptions is reported, never ignored. */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

#include <stdint.h>

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

void idt_init(void);

/* Called by isr.asm. Returns only when module_call_recover took the
 * exception (a fault inside a module); otherwise reports it and fails. */
void exception_handler(struct exception_frame *frame);

/* "#PF page fault", ... */
const char *exception_name(uint64_t vector);

/* Loads an IDT of limit 0 and raises #UD: #GP, then #DF, find no gate
 * either, and the CPU shuts down (a triple fault). For testing loaders. */
__attribute__((noreturn)) void idt_triple_fault(void);

#endif
