/* The UEFI loader's console (stage2/console.h): the firmware's ConOut,
 * which OVMF mirrors to the serial port, while boot services last; COM1
 * directly once they have ended, as stage 2 does. */
#include "stage2/console.h"

#include <stdarg.h>

#include "stage2/bios.h"
#include "stage2/format.h"
#include "stage2/recovery.h"
#include "stage2/timer.h"
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

/* ConIn: OVMF's takes the keyboard and the serial terminal alike. */
int console_poll_key(void)
{
	struct efi_input_key key;
	if (uefi_boot_services_over ||
	    efi_system->con_in->read_key_stroke(efi_system->con_in, &key) != EFI_SUCCESS)
		return -1;
	if (key.scan_code == EFI_SCAN_UP)
		return KEY_UP;
	if (key.scan_code == EFI_SCAN_DOWN)
		return KEY_DOWN;
	return key.scan_code ? -1 : key.unicode_char;
}

/* The time-stamp counter, measured once against the PIT by stage 2's timer. */
uint32_t console_milliseconds(void)
{
	timer_calibrate();
	return (uint32_t)(timer_microseconds(0, timer_now()) / 1000);
}

void panic(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	console_write("ghostboot: error: ");
	format_print(console_putc, format, args);
	va_end(args);
	console_write("\n");
	recovery_return();
	recovery_halt(0);
}
