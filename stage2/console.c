#include "stage2/console.h"

#include <stdarg.h>

#include "stage2/bios.h"
#include "stage2/format.h"
#include "stage2/lib.h"
#include "stage2/recovery.h"

#define COM1 0x3f8
#define VGA_TEXT ((volatile uint16_t *)physical(0xb8000))
#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_ATTRIBUTE 0x0700

static int serial_present;
static int text_off; /* the screen left text mode: COM1 alone */
static unsigned vga_row, vga_column;

static void serial_putc(char c)
{
	/* Bounded wait: a stuck UART must not hang the boot. */
	for (unsigned spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (uint8_t)c);
}

static void vga_scroll(void)
{
	for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLUMNS; i++)
		VGA_TEXT[i] = VGA_TEXT[i + VGA_COLUMNS];
	for (unsigned i = 0; i < VGA_COLUMNS; i++)
		VGA_TEXT[(VGA_ROWS - 1) * VGA_COLUMNS + i] = VGA_ATTRIBUTE | ' ';
	vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (text_off)
		return;
	if (c == '\n') {
		vga_column = 0;
		if (++vga_row == VGA_ROWS)
			vga_scroll();
		return;
	}
	VGA_TEXT[vga_row * VGA_COLUMNS + vga_column] = VGA_ATTRIBUTE | (uint8_t)c;
	if (++vga_column == VGA_COLUMNS) {
		vga_column = 0;
		if (++vga_row == VGA_ROWS)
			vga_scroll();
	}
}

static void console_putc(char c)
{
	vga_putc(c);
	if (serial_present) {
		if (c == '\n')
			serial_putc('\r');
		serial_putc(c);
	}
}

void console_set_serial_baud(uint32_t baud)
{
	if (!serial_present || baud == 0)
		return;
	uint16_t divisor = (uint16_t)(115200 / baud);
	outb(COM1 + 3, 0x80); /* divisor latch access */
	outb(COM1 + 0, (uint8_t)divisor);
	outb(COM1 + 1, (uint8_t)(divisor >> 8));
	outb(COM1 + 3, 0x03); /* 8 data bits, no parity, 1 stop bit */
}

void console_init(void)
{
	/* The BIOS data area lists the serial ports it found. */
	serial_present = *(volatile uint16_t *)physical(0x400) != 0;
	if (serial_present) {
		outb(COM1 + 1, 0x00); /* no interrupts */
		console_set_serial_baud(DEFAULT_SERIAL_BAUD);
		outb(COM1 + 2, 0x07); /* FIFO on and cleared */
		outb(COM1 + 4, 0x03); /* DTR, RTS */
	}
	for (unsigned i = 0; i < VGA_ROWS * VGA_COLUMNS; i++)
		VGA_TEXT[i] = VGA_ATTRIBUTE | ' ';
	vga_row = vga_column = 0;
}

void console_text_off(void)
{
	text_off = 1;
}

void console_write(const char *text)
{
	while (*text)
		console_putc(*text++);
}

void console_printf(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	format_print(console_putc, format, args);
	va_end(args);
}

/* A byte from COM1 within a short, bounded wait, or -1. */
static int serial_next_byte(void)
{
	for (unsigned spin = 0; spin < 100000; spin++)
		if (inb(COM1 + 5) & 0x01)
			return inb(COM1);
	return -1;
}

/* Terminals send the arrow keys as ESC [ A and ESC [ B. */
static int serial_key(void)
{
	int key = inb(COM1);
	if (key != 0x1b || serial_next_byte() != '[')
		return key;
	switch (serial_next_byte()) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	}
	return key;
}

int console_poll_key(void)
{
	if (serial_present && (inb(COM1 + 5) & 0x01))
		return serial_key();
	struct bios_regs regs = { .eax = 0x0100 };
	bios_call(0x16, &regs);
	if (regs.eflags & 0x40) /* ZF: no key waiting */
		return -1;
	regs = (struct bios_regs){ .eax = 0x0000 };
	bios_call(0x16, &regs);
	switch ((regs.eax >> 8) & 0xff) {
	case 0x48:
		return KEY_UP;
	case 0x50:
		return KEY_DOWN;
	}
	return (int)(regs.eax & 0xff);
}

/* The BIOS timer tick count: 18.2 ticks a second, advanced while interrupts
 * are on, which they are during every BIOS call the key polling makes. */
#define BIOS_TICKS (*(volatile uint32_t *)physical(0x46c))

uint32_t console_milliseconds(void)
{
	return (uint32_t)((uint64_t)BIOS_TICKS * 10000 / 182);
}

static int faulted;

void panic(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	console_write("ghostboot: error: ");
	format_print(console_putc, format, args);
	va_end(args);
	console_write("\n");
	recovery_return();
	recovery_halt(faulted);
}

/* Called by the exception stubs of entry.asm with the CPU's frame. */
void stage2_fault(uint32_t vector, uint32_t error_code, uint32_t eip);

void stage2_fault(uint32_t vector, uint32_t error_code, uint32_t eip)
{
	faulted = 1;
	recovery_disarm();
	panic("CPU exception %u (error code 0x%x) in stage 2 at 0x%x", vector, error_code, eip);
}
