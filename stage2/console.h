/* The console: under the BIOS VGA text mode and COM1, written together
 * (stage2/console.c); under UEFI the firmware's (uefi/console.c). */
#ifndef GHOSTBOOT_STAGE2_CONSOLE_H
#define GHOSTBOOT_STAGE2_CONSOLE_H

#include <stdint.h>

#define DEFAULT_SERIAL_BAUD 115200

void console_init(void);
/* Reprograms COM1 for `baud` (a divisor of 115200). */
void console_set_serial_baud(uint32_t baud);
void console_write(const char *text);
/* The screen left text mode: from now on COM1 alone. */
void console_text_off(void);

/* A small printf: %s %c %d %u %x %p, with `l`/`ll` sizes, `0` padding and
 * a width. */
void console_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A key from the keyboard or COM1 without waiting, or -1. Arrow keys come
 * as KEY_UP and KEY_DOWN. */
int console_poll_key(void);
#define KEY_UP 0x100
#define KEY_DOWN 0x101

/* Milliseconds since an arbitrary start, for the menu's countdown. */
uint32_t console_milliseconds(void);

/* Prints "ghostboot: error: ...", then returns to the menu when an entry
 * was being booted (stage2/recovery.h), else prints "ghostboot: halted"
 * and stops: the lines `ghostboot test` recognises as a failed boot. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *format, ...);

#endif
