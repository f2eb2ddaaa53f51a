#include "kernel/gdt.h"

#include <stddef.h>
#include <stdint.h>

/* The 64-bit task state segment (Intel SDM vol. 3, "Task Management in
 * 64-bit Mode"): only its stack pointers matter here. */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "TSS is 104 bytes");

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192

static struct tss64 tss;
static uint8_t double_fault_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

/* null, 64-bit code (L=1) and data for DPL 0, data and 64-bit code for
 * DPL 3, and the TSS's 16-byte descriptor */
static uint64_t gdt[7] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffull,
	0x00cf92000000ffffull,
	0x00cff2000000ffffull,
	0x00affa000000ffffull,
};

void *gdt_ring0_stack_slot(void)
{
	return (uint8_t *)&tss + offsetof(struct tss64, rsp);
}

void gdt_init(void)
{
	tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(uintptr_t)(double_fault_stack + IST_STACK_SIZE);
	tss.iomap_base = sizeof tss; /* no I/O permission bitmap */

	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof tss - 1;
	gdt[GDT_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			   0x89ull << 40 /* present, 64-bit TSS available */ |
			   ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[GDT_TSS / 8 + 1] = base >> 32;

	struct descriptor_pointer pointer = { sizeof gdt - 1, (uint64_t)(uintptr_t)gdt };
	/* Reload CS with a far return, then the data segments. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs"
			 :
			 : "m"(pointer), "i"(GDT_KERNEL_CODE), "i"(GDT_KERNEL_DATA)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)GDT_TSS) : "memory");
}
