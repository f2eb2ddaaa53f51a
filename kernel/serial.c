/* A 16550 UART at the COM1 port, 115200 8N1, no interrupts. */
#include "kernel/serial.h"

#include "kernel/cpu.h"

#define COM1 0x3f8
#define UART_DATA 0      /* with DLAB: divisor low byte */
#define UART_IER 1       /* with DLAB: divisor high byte */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

/* A missing UART reads as 0xff, which looks ready, so this wait is only ever
 * cut short by a wedged one. */
#define TX_WAIT_LIMIT 1000000

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00); /* no interrupts: we poll */
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

static void serial_put_raw(char c)
{
	for (unsigned i = 0; i < TX_WAIT_LIMIT; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_put_raw('\r');
	serial_put_raw(c);
}
