/* 80x25 colour text mode, as the BIOS leaves it; identity-mapped below 4 GiB.
 * The hardware cursor is left alone. */
#include "kernel/vga.h"

#include <stdbool.h>
#include <stdint.h>

#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_ATTRIBUTE 0x0700 /* light grey on black */

static volatile uint16_t *const vga = (volatile uint16_t *)(uintptr_t)0xb8000;
static unsigned row, column;
static bool off;

static void vga_clear_row(unsigned r)
{
	for (unsigned c = 0; c < VGA_COLUMNS; c++)
		vga[r * VGA_COLUMNS + c] = VGA_ATTRIBUTE | ' ';
}

void vga_init(void)
{
	for (unsigned r = 0; r < VGA_ROWS; r++)
		vga_clear_row(r);
	row = column = 0;
}

static void vga_newline(void)
{
	column = 0;
	if (++row < VGA_ROWS)
		return;
	for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLUMNS; i++)
		vga[i] = vga[i + VGA_COLUMNS];
	row = VGA_ROWS - 1;
	vga_clear_row(row);
}

void vga_off(void)
{
	off = true;
}

void vga_putc(char c)
{
	if (off)
		return;
	if (c == '\n') {
		vga_newline();
		return;
	}
	if (c == '\r') {
		column = 0;
		return;
	}
	vga[row * VGA_COLUMNS + column] = VGA_ATTRIBUTE | (uint8_t)c;
	if (++column == VGA_COLUMNS)
		vga_newline();
}
