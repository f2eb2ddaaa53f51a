/* What stage 2 makes of the BIOS's VBE answers: functions of bytes alone,
 * no BIOS call, so that the host tests hand them crafted blocks
 * (tests/stage2/test_vbe_mode.c). Every byte is untrusted. */
#ifndef GHOSTBOOT_STAGE2_VBE_MODE_H
#define GHOSTBOOT_STAGE2_VBE_MODE_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#define VBE_CONTROLLER_INFO_SIZE 512
#define VBE_MODE_INFO_SIZE 256
#define VBE_MAX_MODES 256
#define VBE_MAX_SIDE 16384
#define VBE_LOW_MEMORY_END 0x100000u
#define VBE_NO_MODE 0xffffffffu

/* Copies the mode list at `list` (a real-mode address: segment * 16 +
 * offset) out of `low_memory`, the first MiB as the CPU sees it: at most
 * `max` numbers, up to the 0xFFFF that ends it, never past 1 MiB. Returns
 * the count. */
unsigned vbe_mode_list(const uint8_t *low_memory, uint32_t list, uint16_t *modes, unsigned max);

/* Reads a mode information block (VBE_MODE_INFO_SIZE bytes) into `fb`.
 * Nonzero when it is a graphics mode with a linear framebuffer, direct
 * color at 15, 16, 24 or 32 bits (each primary's field inside the pixel)
 * or packed pixels at 8, sides of 1 to VBE_MAX_SIDE, a pitch that holds a
 * line, and a framebuffer above 1 MiB, below 4 GiB and within the card's
 * memory (`memory_64k` units of 64 KiB; 0: not said). `version` is the
 * controller's VBE version: from 3.0 the linear pitch and color fields. */
int vbe_mode_read(const uint8_t *block, uint16_t version, uint16_t memory_64k,
		  struct gb_framebuffer *fb);

/* How far a mode is from width x height x bpp: lower is closer, 0 an exact
 * match, VBE_NO_MODE not close enough (docs/configuration.md "Video"). */
uint32_t vbe_mode_distance(const struct gb_framebuffer *mode, uint32_t width, uint32_t height,
			   uint32_t bpp);

#endif
