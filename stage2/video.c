#include "stage2/video.h"

#include "stage2/console.h"

void video_switch(uint32_t width, uint32_t height, uint32_t bpp, struct video *video)
{
	const char *why;
	video->graphics = 0;
	if (!width)
		return;
	if (vbe_set_mode(width, height, bpp, &video->mode, &why)) {
		console_printf("ghostboot: warning: video %ux%ux%u: %s, staying in text mode\n",
			       width, height, bpp, why);
		return;
	}
	video->graphics = 1;
	console_text_off();
	const struct gb_framebuffer *fb = &video->mode.framebuffer;
	console_printf("ghostboot: video %ux%ux%u: mode 0x%x, %ux%ux%u at 0x%llx, pitch %u\n", width,
		       height, bpp, video->mode.number, fb->width, fb->height, fb->bpp,
		       (unsigned long long)fb->addr, fb->pitch);
}

void video_bootinfo(const struct video *video, struct gb_bootinfo *info)
{
	static const struct gb_framebuffer text = {
		.addr = VGA_TEXT_ADDRESS, .pitch = 160, .width = 80, .height = 25, .bpp = 16,
		.type = GB_FRAMEBUFFER_EGA_TEXT,
	};
	info->framebuffer = video->graphics ? video->mode.framebuffer : text;
}
