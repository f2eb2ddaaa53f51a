#include "kernel/console.h"

#include <stdbool.h>

#include <ghostboot/isolation.h>

#include "kernel/serial.h"
#include "kernel/vga.h"

static bool at_line_start = true;

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_putc(char c)
{
	serial_putc(c);
	vga_putc(c);
	at_line_start = c == '\n';
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(s[i]);
}
GB_EXPORT_GATE(console_write, 0,
	       GB_GATE_ARGS(GB_ARG_IN + 1, GB_ARG_INT, 0, 0, 0, 0) | GB_GATE_PROGRAMS);

void console_start_line(void)
{
	if (!at_line_start)
		console_putc('\n');
}
