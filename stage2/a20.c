/* Three ways to open A20, tried from the gentlest: the BIOS (INT 15h
 * AX=2401h), the keyboard controller's output port, and the "fast A20"
 * bit of port 0x92. Each is checked by looking for the 1 MiB wrap. */
#include "stage2/a20.h"

#include "stage2/bios.h"

#include <stdint.h>

static int a20_is_open(void)
{
	volatile uint32_t *low = physical(0x7dfc);
	volatile uint32_t *high = physical(0x107dfc);
	uint32_t saved = *low;
	int open = 0;
	*low = 0x600df00d;
	*high = ~0x600df00du;
	open = *low == 0x600df00d;
	*low = saved;
	return open;
}

static void keyboard_controller_wait(void)
{
	for (unsigned spin = 0; spin < 100000 && (inb(0x64) & 2); spin++)
		;
}

/* Writes the keyboard controller's output port: 0xdf opens A20, 0xdd
 * closes it; both keep the CPU reset line inactive. */
static void keyboard_controller_write(uint8_t output_port)
{
	keyboard_controller_wait();
	outb(0x64, 0xd1); /* write the output port */
	keyboard_controller_wait();
	outb(0x60, output_port);
	keyboard_controller_wait();
}

static void fast_a20_method(void)
{
	uint8_t value = inb(0x92);
	if (!(value & 2))
		outb(0x92, (uint8_t)((value | 2) & ~1)); /* bit 0 would reset the CPU */
}

/* Which way opened the gate, so that a20_restore undoes that one. */
static enum { FOUND_OPEN, BY_BIOS, BY_KEYBOARD_CONTROLLER, BY_PORT_92 } opened_by;

int a20_enable(void)
{
	if (a20_is_open())
		return 0;
	struct bios_regs regs = { .eax = 0x2401 };
	bios_call(0x15, &regs);
	opened_by = BY_BIOS;
	if (a20_is_open())
		return 0;
	keyboard_controller_write(0xdf);
	opened_by = BY_KEYBOARD_CONTROLLER;
	if (a20_is_open())
		return 0;
	fast_a20_method();
	opened_by = BY_PORT_92;
	for (unsigned spin = 0; spin < 100000; spin++)
		if (a20_is_open())
			return 0;
	return -1;
}

void a20_restore(void)
{
	struct bios_regs regs = { .eax = 0x2400 };
	switch (opened_by) {
	case BY_BIOS:
		bios_call(0x15, &regs);
		break;
	case BY_KEYBOARD_CONTROLLER:
		keyboard_controller_write(0xdd);
		break;
	case BY_PORT_92:
		outb(0x92, (uint8_t)(inb(0x92) & ~3));
		break;
	case FOUND_OPEN:
		break;
	}
}
