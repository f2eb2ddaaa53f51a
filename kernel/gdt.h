/* The kernel's own GDT and TSS: the loader's GDT may be anywhere, even in
 * memory the kernel is about to reuse. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS 0x18

/* Interrupt stack table slot of the double fault handler: a fresh stack, so
 * that a fault caused by a broken stack is still reported. */
#define IST_DOUBLE_FAULT 1

void gdt_init(void);

#endif
