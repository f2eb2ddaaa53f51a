/* Calling the BIOS from protected mode (stage2/entry.asm, bios_call). */
#ifndef GHOSTBOOT_STAGE2_BIOS_H
#define GHOSTBOOT_STAGE2_BIOS_H

#include <stdint.h>

/* Registers in and out of a real-mode interrupt; mirrored in entry.asm. */
struct bios_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint32_t eflags;
	uint16_t ds, es;
};
_Static_assert(sizeof(struct bios_regs) == 36, "bios_regs layout is shared with entry.asm");

#define BIOS_CARRY_FLAG 1u

void bios_call(uint8_t vector, struct bios_regs *regs);

/* Real-mode segment and offset of a buffer below 1 MiB. */
static inline uint16_t real_segment(const void *p) { return (uint16_t)((uintptr_t)p >> 4); }
static inline uint16_t real_offset(const void *p) { return (uint16_t)((uintptr_t)p & 0xf); }

/* A pointer to a fixed physical address (the BIOS data area, VGA memory),
 * laundered so the compiler does not take it for an out-of-bounds access. */
static inline void *physical(uintptr_t address)
{
	void *p;
	__asm__("" : "=r"(p) : "0"(address));
	return p;
}

/* The bounce buffer below 1 MiB that every BIOS disk read goes through.
 * Other structures handed to the BIOS (the disk address packet, the drive
 * parameters in stage2/disk.c) are static variables in stage 2's own BSS,
 * which lies below 0x70000 and so is reachable from real mode too. */
#define BOUNCE_BUFFER ((void *)0x70000)
#define BOUNCE_BUFFER_SIZE 0x10000u

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

/* Word and dword ports, for the disk drivers (stage2/drivers/). */
static inline void outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t value;
	__asm__ volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t value;
	__asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

#endif
