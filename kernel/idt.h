/* Exceptions: every one of the 32 CPU exceptions is reported, never ignored. */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

#include "kernel/exceptions.h"

void idt_init(void);

/* Called by isr.asm. Returns only when the recovery hook took the
 * exception (exceptions.h); otherwise reports it and fails. */
void exception_handler(struct exception_frame *frame);

/* Loads an IDT of limit 0 and raises #UD: #GP, then #DF, find no gate
 * either, and the CPU shuts down (a triple fault). For testing loaders. */
__attribute__((noreturn)) void idt_triple_fault(void);

#endif
