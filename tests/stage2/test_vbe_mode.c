/* Stage 2's reading of VBE answers (stage2/vbe_mode.c), from crafted
 * blocks: every reason a mode is refused, VBE 3.0's linear fields, the mode
 * list's bounds, and the rule that picks the closest mode. */
#include <stdint.h>
#include <string.h>

#include "stage2/vbe_mode.h"
#include "tests/check.h"

#define GOOD_ADDRESS 0xfd000000u

struct spec {
	uint16_t attributes, pitch, width, height;
	uint8_t bpp, model;
	uint8_t masks[6]; /* size, position: red, green, blue */
	uint32_t address;
	uint16_t linear_pitch;
	uint8_t linear_masks[6];
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* The offsets are VBE's, written here independently of the reader's struct. */
static void make_block(const struct spec *s, uint8_t block[VBE_MODE_INFO_SIZE])
{
	memset(block, 0xcc, VBE_MODE_INFO_SIZE);
	put16(block + 0x00, s->attributes);
	put16(block + 0x10, s->pitch);
	put16(block + 0x12, s->width);
	put16(block + 0x14, s->height);
	block[0x19] = s->bpp;
	block[0x1b] = s->model;
	memcpy(block + 0x1f, s->masks, 6);
	put32(block + 0x28, s->address);
	put16(block + 0x32, s->linear_pitch);
	memcpy(block + 0x36, s->linear_masks, 6);
}

/* A usable 800x600x32 direct-color mode with its framebuffer at 0xfd000000. */
static struct spec good(void)
{
	return (struct spec){ 0x9b, 3200, 800, 600, 32, 6, { 8, 16, 8, 8, 8, 0 }, GOOD_ADDRESS, 0,
			      { 0 } };
}

static int reads(const struct spec *s, uint16_t version, uint16_t memory_64k,
		 struct gb_framebuffer *fb)
{
	uint8_t block[VBE_MODE_INFO_SIZE];
	make_block(s, block);
	return vbe_mode_read(block, version, memory_64k, fb);
}

static int usable(const struct spec *s)
{
	struct gb_framebuffer fb;
	return reads(s, 0x200, 0, &fb);
}

static void test_read(void)
{
	struct gb_framebuffer fb;
	struct spec s = good();
	CHECK(reads(&s, 0x200, 0, &fb) && fb.addr == GOOD_ADDRESS && fb.pitch == 3200 &&
		      fb.width == 800 && fb.height == 600 && fb.bpp == 32 &&
		      fb.type == GB_FRAMEBUFFER_RGB,
	      "a direct-color mode is read as RGB, its numbers as the block gives them");
	CHECK(fb.red_position == 16 && fb.red_size == 8 && fb.green_position == 8 &&
		      fb.green_size == 8 && fb.blue_position == 0 && fb.blue_size == 8,
	      "its color fields: position and size of red, green, blue");

	static const uint16_t bits[] = { 1u << 0, 1u << 4, 1u << 7 };
	static const char *const names[] = { "supported", "graphics", "linear framebuffer" };
	for (unsigned i = 0; i < 3; i++) {
		s = good();
		s.attributes &= (uint16_t)~bits[i];
		CHECK(!usable(&s), "a mode without the %s attribute is refused", names[i]);
	}

	s = good();
	s.bpp = 8, s.model = 4, s.pitch = 800;
	CHECK(reads(&s, 0x200, 0, &fb) && fb.type == GB_FRAMEBUFFER_INDEXED,
	      "packed pixels at 8 bits are an indexed mode");
	s.bpp = 16, s.pitch = 1600;
	CHECK(!usable(&s), "packed pixels at 16 bits are refused");
	s = good();
	s.bpp = 8, s.pitch = 800;
	CHECK(!usable(&s), "direct color at 8 bits is refused");
	s = good();
	s.bpp = 12;
	CHECK(!usable(&s), "direct color at 12 bits is refused");
	s = good();
	s.model = 3;
	CHECK(!usable(&s), "a planar mode is refused");
	s = good();
	s.bpp = 16, s.pitch = 1600;
	memcpy(s.masks, (uint8_t[]){ 5, 11, 6, 5, 5, 0 }, 6);
	CHECK(usable(&s), "direct color at 16 bits, 5:6:5, is usable");

	s = good();
	s.masks[1] = 28;
	CHECK(!usable(&s), "a color field past the pixel's bits is refused");
	s = good();
	s.masks[4] = 0;
	CHECK(!usable(&s), "a color field of no bits is refused");

	s = good();
	s.width = 0;
	CHECK(!usable(&s), "a width of 0 is refused");
	s = good();
	s.height = 0;
	CHECK(!usable(&s), "a height of 0 is refused");
	s = good();
	s.width = VBE_MAX_SIDE + 1, s.pitch = 0xffff;
	CHECK(!usable(&s), "a width over %u is refused", VBE_MAX_SIDE);
	s = good();
	s.pitch = 3199;
	CHECK(!usable(&s), "a pitch one byte short of a line is refused");
	s.pitch = 3200;
	CHECK(usable(&s), "a pitch of exactly a line is usable");

	s = good();
	s.address = 0;
	CHECK(!usable(&s), "a framebuffer at address 0 is refused");
	s.address = 0xa0000;
	CHECK(!usable(&s), "a framebuffer in low memory is refused");
	s.address = (uint32_t)(0x100000000ull - 3200u * 600);
	CHECK(usable(&s), "a framebuffer ending exactly at 4 GiB is usable");
	s.address += 0x1000;
	CHECK(!usable(&s), "a framebuffer running past 4 GiB is refused");
	s = good();
	CHECK(!reads(&s, 0x200, 29, &fb), "a framebuffer larger than the card's memory is refused");
	CHECK(reads(&s, 0x200, 30, &fb), "one that fits the card's memory is usable");

	s = good();
	s.pitch = 3000; /* too short for banked access, but VBE 3.0 gives the linear one */
	s.linear_pitch = 4096;
	memcpy(s.linear_masks, (uint8_t[]){ 8, 0, 8, 8, 8, 16 }, 6);
	CHECK(reads(&s, 0x300, 0, &fb) && fb.pitch == 4096 && fb.red_position == 0 &&
		      fb.blue_position == 16,
	      "VBE 3.0: the linear pitch and color fields are used");
	CHECK(!reads(&s, 0x200, 0, &fb), "VBE 2.0: the linear fields are not read");
}

static void test_list(void)
{
	static uint8_t low[VBE_LOW_MEMORY_END];
	uint16_t modes[VBE_MAX_MODES];
	memset(low, 0x11, sizeof low);

	put16(low + 0x5000, 0x143);
	put16(low + 0x5002, 0x144);
	put16(low + 0x5004, 0xffff);
	CHECK(vbe_mode_list(low, 0x5000, modes, VBE_MAX_MODES) == 2 && modes[0] == 0x143 &&
		      modes[1] == 0x144,
	      "the mode list ends at 0xFFFF");
	CHECK(vbe_mode_list(low, 0x6000, modes, VBE_MAX_MODES) == VBE_MAX_MODES,
	      "a list without its 0xFFFF stops after %u modes", VBE_MAX_MODES);
	CHECK(vbe_mode_list(low, VBE_LOW_MEMORY_END - 4, modes, VBE_MAX_MODES) == 2,
	      "a list running to the end of the first MiB stops there");
	CHECK(vbe_mode_list(low, VBE_LOW_MEMORY_END - 1, modes, VBE_MAX_MODES) == 0,
	      "a number straddling 1 MiB is not read");
	CHECK(vbe_mode_list(low, 0xffff * 16 + 0xffff, modes, VBE_MAX_MODES) == 0,
	      "a list above 1 MiB (FFFF:FFFF) is not read");
}

static struct gb_framebuffer mode(uint32_t width, uint32_t height, uint8_t bpp)
{
	return (struct gb_framebuffer){ .width = width, .height = height, .bpp = bpp };
}

/* The index of the closest of `count` modes to the request, or -1. */
static int closest(const struct gb_framebuffer *modes, unsigned count, uint32_t width,
		   uint32_t height, uint32_t bpp)
{
	int best = -1;
	uint32_t best_distance = VBE_NO_MODE;
	for (unsigned i = 0; i < count; i++) {
		uint32_t d = vbe_mode_distance(&modes[i], width, height, bpp);
		if (d < best_distance)
			best = (int)i, best_distance = d;
	}
	return best;
}

static void test_distance(void)
{
	struct gb_framebuffer m = mode(800, 600, 32);
	CHECK(vbe_mode_distance(&m, 800, 600, 32) == 0, "an exact match is at distance 0");
	const struct gb_framebuffer wide[] = { mode(1440, 900, 32), mode(1280, 720, 32),
					       mode(1280, 768, 32) };
	CHECK(closest(wide, 3, 1366, 768, 32) == 2, "1366x768x32 gets 1280x768x32");
	CHECK(closest(wide, 3, 1234, 567, 32) == -1,
	      "1234x567x32 gets nothing: no mode within an eighth on both sides");
	m = mode(900, 600, 32);
	CHECK(vbe_mode_distance(&m, 800, 600, 32) == 100u << 8,
	      "a side exactly an eighth away (900 for 800) still qualifies");
	m = mode(901, 600, 32);
	CHECK(vbe_mode_distance(&m, 800, 600, 32) == VBE_NO_MODE,
	      "a side more than an eighth away (901 for 800) rules the mode out");
	m = mode(800, 676, 32);
	CHECK(vbe_mode_distance(&m, 800, 600, 32) == VBE_NO_MODE,
	      "so does a height more than an eighth away (676 for 600)");
	const struct gb_framebuffer depth[] = { mode(1024, 768, 16), mode(1000, 750, 32) };
	CHECK(closest(depth, 2, 1024, 768, 32) == 1,
	      "the requested depth beats an exact size at another depth");
	const struct gb_framebuffer other[] = { mode(800, 600, 16), mode(800, 600, 24) };
	CHECK(closest(other, 2, 800, 600, 32) == 1, "without the depth, the nearest depth wins");
	const struct gb_framebuffer tie[] = { mode(800, 600, 16), mode(800, 600, 32) };
	CHECK(closest(tie, 2, 800, 600, 24) == 1, "two depths as near: the deeper wins");
	m = mode(800, 600, 32);
	CHECK(vbe_mode_distance(&m, 800, 600, 64) == VBE_NO_MODE &&
		      vbe_mode_distance(&m, 0, 600, 32) == VBE_NO_MODE,
	      "a depth over 32 or a width of 0 matches nothing");
	CHECK(vbe_mode_distance(&m, 0xffffffffu, 0xffffffffu, 32) == VBE_NO_MODE,
	      "a huge request matches nothing and does not overflow");
}

int main(void)
{
	test_read();
	test_list();
	test_distance();
	CHECK_EXIT();
}
