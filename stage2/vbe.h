/* VESA BIOS Extensions 2.0+: the mode search and the switch to a linear
 * framebuffer (docs/stage2.md, "Video"). */
#ifndef GHOSTBOOT_STAGE2_VBE_H
#define GHOSTBOOT_STAGE2_VBE_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "stage2/vbe_mode.h"

/* The mode set, as the kernel sees it, and what the BIOS said about it.
 * The raw blocks are kept for Multiboot 1, which hands them over. */
struct vbe_mode {
	struct gb_framebuffer framebuffer;
	uint16_t number; /* VBE mode number, without the LFB bit */
	uint16_t interface_segment, interface_offset, interface_length; /* AX=4F0Ah; 0 when none */
	const uint8_t *controller_info; /* VBE_CONTROLLER_INFO_SIZE bytes */
	const uint8_t *mode_info;       /* VBE_MODE_INFO_SIZE bytes */
};

/* Finds the mode closest to width x height x bpp (the rule is in
 * docs/configuration.md, "video") and sets it with its linear framebuffer.
 * Returns 0 with `mode` filled, or -1 with `why` saying what failed; the
 * screen is then still in text mode. */
int vbe_set_mode(uint32_t width, uint32_t height, uint32_t bpp, struct vbe_mode *mode,
		 const char **why);

#endif
