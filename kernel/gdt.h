/* The kernel's own GDT and TSS: the loader's GDT may be anywhere, even in
 * memory the kernel is about to reuse. Ring 3 has a code and a data segment
 * for isolated modules and programs (docs/isolation.md). */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA 0x18
#define GDT_USER_CODE 0x20
#define GDT_TSS 0x28
#define RPL_USER 3

/* Interrupt stack table slot of the double fault handler: a fresh stack, so
 * that a fault caused by a broken stack is still reported. */
#define IST_DOUBLE_FAULT 1

void gdt_init(void);

/* The 8 bytes of the TSS's RSP0 (unaligned: the TSS is packed): where the
 * CPU puts the kernel stack when ring 3 is interrupted. Whoever enters
 * ring 3 sets it below what must survive. */
void *gdt_ring0_stack_slot(void);

#endif
