/* The VGA text screen at 0xb8000: a mirror of the console for people. */
#ifndef KERNEL_VGA_H
#define KERNEL_VGA_H

void vga_init(void);
void vga_putc(char c);
/* The screen left text mode: vga_putc writes nothing from now on. */
void vga_off(void);

#endif
