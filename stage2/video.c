#include "stage2/video.h"

#include "stage2/console.h"

void video_switch(const struct video_request *request, struct video *video)
{
	static const struct gb_framebuffer text = {
		.addr = VGA_TEXT_ADDRESS, .pitch = 160, .width = 80, .height = 25, .bpp = 16,
		.type = GB_FRAMEBUFFER_EGA_TEXT,
	};
	const char *why;
	video->graphics = 0;
	video->framebuffer = text;
	if (!request->width)
		return;
	if (vbe_set_mode(request->width, request->height, request->bpp, &video->mode, &why)) {
		console_printf("ghostboot: warning: video %ux%ux%u: %s, staying in text mode\n",
			       request->width, request->height, request->bpp, why);
		return;
	}
	video->graphics = 1;
	video->framebuffer = video->mode.framebuffer;
	console_text_off();
	const struct gb_framebuffer *fb = &video->framebuffer;
	console_printf("ghostboot: video %ux%ux%u: mode 0x%x, %ux%ux%u at 0x%llx, pitch %u\n",
		       request->width, request->height, request->bpp, video->mode.number, fb->width,
		       fb->height, fb->bpp, (unsigned long long)fb->addr, fb->pitch);
}
