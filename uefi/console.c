/* The UEFI loader's console (stage2/console.h): the firmware's ConOut,
 * which OVMF mirrors to the serial port, while boot services last; COM1
 * directly once they have ended, as stage 2 does. */
#include "stage2/console.h"

#include <stdarg.h>

#include "stage2/bios.h"
#include "stage2/format.h"
#include "uefi/efi.h"
#include "uefi/uefi.h"

#define COM1 0x3f8

static char16 line[128];
static unsigned line_length;

static void flush(void)
{
	line[line_length] = 0;
	if (line_length && !uefi_boot_services_over)
		efi_system->con_out->output_string(efi_system->con_out, line);
	line_length = 0;
}

static void serial_putc(char c)
{
	/* Bounded: a missing UART must not stop the boot. */
	for (unsigned spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (uint8_t)c);
}

static void console_putc(char c)
{
	if (uefi_boot_services_over) {
		if (c == '\n')
			serial_putc('\r');
		serial_putc(c);
		return;
	}
	/* ConOut takes UCS-2 and wants CR LF. */
	if (line_length + 2 >= sizeof line / sizeof line[0])
		flush();
	if (c == '\n')
		line[line_length++] = '\r';
	line[line_length++] = (unsigned char)c;
	if (c == '\n')
		flush();
}

void console_write(const char *text)
{
	while (*text)
		console_putc(*text++);
	flush();
}

void console_printf(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	format_print(console_putc, format, args);
	va_end(args);
	flush();
}

void panic(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	console_write("ghostboot: error: ");
	format_print(console_putc, format, args);
	va_end(args);
	console_write("\nghostboot: halted\n");
	uefi_exit(EFI_LOAD_ERROR);
}
