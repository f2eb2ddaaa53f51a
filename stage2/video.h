/* The display the kernel gets: a VBE mode when the entry or the kernel asks
 * for one and the card has it, else the VGA text screen (docs/stage2.md,
 * "Video"). */
#ifndef GHOSTBOOT_STAGE2_VIDEO_H
#define GHOSTBOOT_STAGE2_VIDEO_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "config/config.h"
#include "multiboot/header.h"
#include "stage2/vbe.h"

#define VGA_TEXT_ADDRESS 0xb8000u

/* A graphics mode to look for; width 0: stay in text mode. */
struct video_request {
	uint32_t width, height, bpp;
};

struct video {
	/* A graphics mode is set; `mode` describes it when it is a VBE mode
	 * (under UEFI, Graphics Output's: no VBE blocks, controller_info 0). */
	int graphics;
	struct vbe_mode mode;
	struct gb_framebuffer framebuffer; /* the mode's, or the text screen */
};

/* The entry's `video` line when it has one, else the kernel's own request
 * (a Multiboot header; 0 for none). Where the kernel leaves a field to the
 * loader (0), 1024 x 768 x 32 fills it in. */
struct video_request video_request(const struct config_video *entry,
				   const struct mb_video_request *kernel);

/* Sets the mode asked for. The last thing stage 2 does before it leaves
 * for the kernel, since its console is then COM1 alone. A mode that cannot
 * be found or set leaves the screen in text mode with a warning. Either way
 * `video->framebuffer` describes the screen. */
void video_switch(const struct video_request *request, struct video *video);

#endif
