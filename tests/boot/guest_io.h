/* What the test kernels of tests/boot/ (multiboot/kernel.c, video/
 * fbkernel.c) share: port I/O and printing on COM1, polled and bounded so
 * that a machine without a UART does not hang them. Header only: each is
 * built alone. */
#ifndef GHOSTBOOT_TESTS_BOOT_GUEST_IO_H
#define GHOSTBOOT_TESTS_BOOT_GUEST_IO_H

#include <stdint.h>

#define COM1 0x3f8
#define EXIT_PORT 0xf4 /* QEMU's isa-debug-exit: 0x10 passes, 0x11 fails */

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

static inline void com1_putc(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (uint8_t)c);
}

static inline void com1_puts(const char *s)
{
	while (*s)
		com1_putc(*s++);
}

/* `value` in `base` (10 or 16), without a prefix. */
static inline void com1_putu(uint32_t value, unsigned base)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	while (n)
		com1_putc(digits[--n]);
}

#endif
