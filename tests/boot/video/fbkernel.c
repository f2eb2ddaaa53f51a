/* A Multiboot 1 or 2 kernel (header.asm) for the video tests: it reads the
 * framebuffer the loader describes, checks it, draws the sample kernel's
 * pattern (red, green, blue and white quadrants from the top left) and
 * halts so that the test can take a screendump (on an indexed framebuffer it
 * checks the palette and draws nothing). With expect-video=WxHxBPP
 * or expect-video=text on its command line the display must be that.
 * Multiboot 2's EFI tags, when given, are checked and reported: the system
 * table by its signature, the image handle, the EFI memory map.
 * Every line goes to COM1; a failure is "PANIC: ..." and 0x11 on port 0xf4. */
#include <stddef.h>
#include <stdint.h>

#include "tests/boot/guest_io.h"

#define MB1_MAGIC 0x2badb002u
#define MB2_MAGIC 0x36d76289u
#define MB2_INFO_MAX 0x10000u

struct fb {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	uint8_t red_position, red_size, green_position, green_size, blue_position, blue_size;
	uint32_t palette, colors; /* indexed */
};

void fb_main(uint32_t magic, uint32_t info);

static void putn(uint32_t n, unsigned base)
{
	if (base == 16)
		com1_puts("0x");
	com1_putu(n, base);
}

static __attribute__((noreturn)) void halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

static __attribute__((noreturn)) void fail(const char *why)
{
	com1_puts("PANIC: fbkernel: ");
	com1_puts(why);
	com1_puts("\n");
	outb(EXIT_PORT, 0x11);
	halt();
}

static uint32_t get32(uint32_t addr) { return *(const volatile uint32_t *)(uintptr_t)addr; }
static uint16_t get16(uint32_t addr) { return *(const volatile uint16_t *)(uintptr_t)addr; }
static uint8_t get8(uint32_t addr) { return *(const volatile uint8_t *)(uintptr_t)addr; }

static int is_vesa(uint32_t addr)
{
	return addr && get8(addr) == 'V' && get8(addr + 1) == 'E' && get8(addr + 2) == 'S' &&
	       get8(addr + 3) == 'A';
}

/* Framebuffer fields as both protocols lay them out, from `at`. */
static void read_fb(uint32_t at, uint32_t color_at, struct fb *fb)
{
	fb->addr = get32(at) | (uint64_t)get32(at + 4) << 32;
	fb->pitch = get32(at + 8);
	fb->width = get32(at + 12);
	fb->height = get32(at + 16);
	fb->bpp = get8(at + 20);
	fb->type = get8(at + 21);
	if (fb->type != 1)
		return;
	fb->red_position = get8(color_at);
	fb->red_size = get8(color_at + 1);
	fb->green_position = get8(color_at + 2);
	fb->green_size = get8(color_at + 3);
	fb->blue_position = get8(color_at + 4);
	fb->blue_size = get8(color_at + 5);
}

static const char *mb1(uint32_t info, struct fb *fb)
{
	uint32_t flags = get32(info);
	if (!(flags & 1u << 12))
		fail("no framebuffer information (flags bit 12 clear)");
	read_fb(info + 88, info + 110, fb);
	if (fb->type == 0) {
		fb->palette = get32(info + 110);
		fb->colors = get16(info + 114);
	}
	if (flags & 1u << 11) {
		if (!is_vesa(get32(info + 72)) || !get32(info + 76) || !get16(info + 80))
			fail("VBE information (flags bit 11) without a VESA block or mode");
		com1_puts("vbe: mode ");
		putn(get16(info + 80), 16);
		com1_puts("\n");
	}
	/* A graphics framebuffer without VBE is UEFI's Graphics Output; under
	 * the BIOS, video.sh looks for the "vbe: mode" line. */
	return flags & 1u << 2 ? (const char *)(uintptr_t)get32(info + 16) : "";
}

/* The lowest run of 16 pages or more of the firmware's boot-services data
 * (type 4) from 1 MiB up, below 4 GiB: where tests/boot/uefi.sh links a
 * kernel that the loader must stage. */
static void report_boot_services_data(uint32_t map, uint32_t bytes, uint32_t descriptor)
{
	uint32_t lowest = 0, pages = 0;
	for (uint32_t at = map; at + descriptor <= map + bytes; at += descriptor) {
		uint32_t type = get32(at), start = get32(at + 8), count = get32(at + 24);
		if (type == 4 && !get32(at + 12) && start >= 0x100000 && count >= 16 &&
		    !get32(at + 28) && (!lowest || start < lowest))
			lowest = start, pages = count;
	}
	if (!lowest)
		return;
	com1_puts("efi: boot services data at ");
	putn(lowest, 16);
	com1_puts(", ");
	putn(pages, 10);
	com1_puts(" pages\n");
}

static const char *mb2(uint32_t info, struct fb *fb)
{
	uint32_t total = get32(info);
	const char *cmdline = "";
	int found = 0;
	if (total < 16 || total > MB2_INFO_MAX)
		fail("information size out of range");
	for (uint32_t at = info + 8; at + 8 <= info + total;) {
		uint32_t type = get32(at), size = get32(at + 4);
		if (type == 0)
			break;
		if (size < 8 || size > info + total - at)
			fail("a tag runs past the information");
		if (type == 1)
			cmdline = (const char *)(uintptr_t)(at + 8);
		if (type == 7) {
			if (size < 784 || !is_vesa(at + 16) || !get16(at + 8))
				fail("VBE tag without a VESA block or mode");
			com1_puts("vbe: mode ");
			putn(get16(at + 8), 16);
			com1_puts("\n");
		}
		if (type == 12) {
			/* "IBI SYST", the EFI system table's signature */
			uint32_t table = get32(at + 8);
			if (size < 16 || get32(at + 12) || get32(table) != 0x20494249u ||
			    get32(table + 4) != 0x54535953u)
				fail("the EFI system table tag points at no EFI system table");
			com1_puts("efi: system table at ");
			putn(table, 16);
			com1_puts("\n");
		}
		if (type == 20) {
			if (size < 16 || !(get32(at + 8) | get32(at + 12)))
				fail("the EFI image handle tag holds no handle");
			com1_puts("efi: image handle\n");
		}
		if (type == 17) {
			uint32_t descriptor = get32(at + 8);
			if (size < 16 || descriptor < 40 || (size - 16) % descriptor)
				fail("the EFI memory map tag is not whole descriptors of 40 bytes or more");
			com1_puts("efi: memory map, ");
			putn((size - 16) / descriptor, 10);
			com1_puts(" descriptors\n");
			report_boot_services_data(at + 16, size - 16, descriptor);
		}
		if (type == 8) {
			if (size < 32 || (get8(at + 29) == 1 && size < 38))
				fail("framebuffer tag too short");
			read_fb(at + 8, at + 32, fb);
			if (fb->type == 0) {
				fb->palette = at + 34;
				fb->colors = size >= 34 ? get16(at + 32) : 0;
				if (size < 34 + fb->colors * 3)
					fail("framebuffer tag shorter than its palette");
			}
			found = 1;
		}
		at += (size + 7) & ~7u;
	}
	if (!found)
		fail("no framebuffer tag");
	return cmdline;
}

/* expect-video=WxHxBPP or expect-video=text: 0 when absent, else checked. */
static void expect(const char *cmdline, const struct fb *fb)
{
	const char *key = "expect-video=";
	for (const char *s = cmdline; *s; s++) {
		size_t i = 0;
		while (key[i] && s[i] == key[i])
			i++;
		if (key[i] || (s != cmdline && s[-1] != ' '))
			continue;
		s += i;
		if (s[0] == 't' && s[1] == 'e' && s[2] == 'x' && s[3] == 't') {
			if (fb->type != 2)
				fail("expect-video=text, got a graphics framebuffer");
			return;
		}
		uint32_t want[3] = { 0, 0, 0 };
		for (unsigned n = 0; n < 3; n++, s++)
			while (*s >= '0' && *s <= '9')
				want[n] = want[n] * 10 + (uint32_t)(*s++ - '0');
		if (fb->type == 2 || fb->width != want[0] || fb->height != want[1] ||
		    fb->bpp != want[2])
			fail("the framebuffer is not the expect-video= mode");
		return;
	}
}

static uint32_t primary(uint8_t position, uint8_t size)
{
	return ((1u << size) - 1) << position;
}

static void draw(const struct fb *fb)
{
	uint32_t quadrant[4];
	quadrant[0] = primary(fb->red_position, fb->red_size);
	quadrant[1] = primary(fb->green_position, fb->green_size);
	quadrant[2] = primary(fb->blue_position, fb->blue_size);
	quadrant[3] = quadrant[0] | quadrant[1] | quadrant[2];
	uint32_t bytes = (fb->bpp + 7u) / 8;
	for (uint32_t y = 0; y < fb->height; y++) {
		volatile uint8_t *line = (volatile uint8_t *)(uintptr_t)(fb->addr + y * fb->pitch);
		for (uint32_t x = 0; x < fb->width; x++) {
			uint32_t color = quadrant[(y >= fb->height / 2) * 2 + (x >= fb->width / 2)];
			for (uint32_t b = 0; b < bytes; b++)
				line[x * bytes + b] = (uint8_t)(color >> (8 * b));
		}
	}
}

void fb_main(uint32_t magic, uint32_t info)
{
	struct fb fb = { 0 };
	const char *cmdline;
	if (magic == MB1_MAGIC)
		cmdline = mb1(info, &fb);
	else if (magic == MB2_MAGIC)
		cmdline = mb2(info, &fb);
	else
		fail("not entered by a Multiboot loader");

	com1_puts("display: type ");
	putn(fb.type, 10);
	com1_puts(", ");
	putn(fb.width, 10);
	com1_puts("x");
	putn(fb.height, 10);
	com1_puts("x");
	putn(fb.bpp, 10);
	com1_puts(" at ");
	putn((uint32_t)fb.addr, 16);
	com1_puts(", pitch ");
	putn(fb.pitch, 10);
	com1_puts("\n");
	expect(cmdline, &fb);

	uint32_t bytes = (fb.bpp + 7u) / 8;
	if (!fb.addr || !fb.width || !fb.height || fb.pitch < fb.width * bytes ||
	    fb.addr + (uint64_t)fb.pitch * fb.height > 0x100000000ull)
		fail("framebuffer address, size or pitch out of range");
	if (fb.type == 2) {
		if (fb.addr != 0xb8000 || fb.bpp != 16)
			fail("EGA text not at 0xb8000 with 16 bits a character");
		com1_puts("display: EGA text\n");
		halt();
	}
	if (fb.type == 0) {
		if (fb.bpp != 8 || !fb.palette || !fb.colors || fb.colors > 256)
			fail("an indexed framebuffer without an 8-bit palette");
		com1_puts("display: indexed, ");
		putn(fb.colors, 10);
		com1_puts(" colors\n");
		halt();
	}
	if (fb.type != 1)
		fail("neither indexed, RGB nor EGA text");
	if (!fb.red_size || !fb.green_size || !fb.blue_size ||
	    fb.red_position + fb.red_size > fb.bpp || fb.green_position + fb.green_size > fb.bpp ||
	    fb.blue_position + fb.blue_size > fb.bpp)
		fail("color fields outside the pixel");
	draw(&fb);
	com1_puts("display: test pattern drawn\n");
	halt();
}
