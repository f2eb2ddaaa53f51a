/* The kernel console: every byte goes to COM1 and to the VGA screen. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "kernel/exports.h" /* console_write */

void console_init(void);
void console_putc(char c);
/* Ends a partly written line, so that what follows starts a line of its own. */
void console_start_line(void);

#endif
