/* The display the kernel gets: a VBE mode when the entry asks for one and
 * the card has it, else the VGA text screen (docs/stage2.md, "Video"). */
#ifndef GHOSTBOOT_STAGE2_VIDEO_H
#define GHOSTBOOT_STAGE2_VIDEO_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "stage2/vbe.h"

#define VGA_TEXT_ADDRESS 0xb8000u

struct video {
	int graphics; /* a VBE mode is set and `mode` describes it */
	struct vbe_mode mode;
};

/* Sets width x height x bpp (0 x 0 x 0: stay in text mode). The last thing
 * stage 2 does before it leaves for the kernel, since its console is then
 * COM1 alone. A mode that cannot be found or set leaves the screen in text
 * mode with a warning. */
void video_switch(uint32_t width, uint32_t height, uint32_t bpp, struct video *video);

/* The display in the native boot information. */
void video_bootinfo(const struct video *video, struct gb_bootinfo *info);

#endif
