/* The few x86 instructions C cannot express. */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline uint64_t read_cr2(void)
{
	uint64_t value;
	__asm__ volatile("mov %%cr2, %0" : "=r"(value));
	return value;
}

/* CR0.WP: read-only pages stay read-only at CPL 0 too, so that a module
 * writing to its text or read-only data faults instead of changing it. */
static inline void cpu_enable_write_protect(void)
{
	uint64_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 1u << 16) : "memory");
}

/* The time-stamp counter, for the benches. */
static inline uint64_t read_tsc(void)
{
	uint32_t low, high;
	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return (uint64_t)high << 32 | low;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* Stops this CPU for good: interrupts off, and hlt again after an NMI. */
__attribute__((noreturn)) static inline void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
