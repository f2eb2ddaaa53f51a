/* Host test of kernel/restart_data.c: the kernel's check of each module's
 * runtime entry (docs/bootinfo.md "Module runtime") before a restart may
 * write the module's data region from the loader's copy. A sound entry
 * passes; each way a loader or a damaged boot information could get it
 * wrong is refused with its reason. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kprintf.h"
#include "kernel/reason.h"
#include "kernel/restart_data.h"
#include "tests/check.h"

/* memmap.c prints with it; nothing here prints. */
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define IMAGE_SIZE 0x5000u
#define KERNEL_START 0x100000u
#define KERNEL_END 0x180000u

static const struct gb_memory_region regions[] = {
	{ 0x0, 0x9f000, GB_MEMORY_USABLE, 0 },
	{ 0x100000, 0x300000, GB_MEMORY_LOADER, 0 },   /* the kernel, then the loader's allocations */
	{ 0x400000, 0x7c00000, GB_MEMORY_USABLE, 0 },
};
static const struct memmap map = { regions, sizeof regions / sizeof regions[0] };

/* A data region of two pages after three of text and rodata, 0x10 bytes of
 * it copied to loader memory past the kernel. */
static struct gb_module_runtime sound(void)
{
	return (struct gb_module_runtime){ .data_offset = 0x3000, .data_size = 0x2000,
					   .data_copy = 0x200000, .data_copy_size = 0x10 };
}

static bool check(const struct gb_module_runtime *r, struct restart_data *data, char *why)
{
	/* A module image in loader memory, beside the copy sound() gives. */
	static const struct gb_module images[] = { { .phys_addr = 0x300000, .size = 0x5000 } };
	static const struct module_table modules = { images, 1, 0 };
	return restart_data_check(r, IMAGE_SIZE, &map, KERNEL_START, KERNEL_END, &modules, data,
				  why);
}

static void expect_refused(const char *name, struct gb_module_runtime r, const char *text)
{
	struct restart_data data = { 0 };
	char why[REASON_MAX] = "";
	bool passed = check(&r, &data, why);
	CHECK(!passed && strstr(why, text) && !data.restartable, "%s: refused, \"%s\"", name, why);
}

int main(void)
{
	struct restart_data data;
	char why[REASON_MAX];
	struct gb_module_runtime r = sound();
	CHECK(check(&r, &data, why) && data.restartable && data.offset == 0x3000 &&
		      data.size == 0x2000 && data.copy == (const uint8_t *)0x200000 &&
		      data.copy_size == 0x10,
	      "a sound entry passes with its region and copy");
	r = (struct gb_module_runtime){ .data_offset = 0x3000, .data_size = 0x2000 };
	CHECK(check(&r, &data, why) && data.copy_size == 0,
	      "a region holding only zeros needs no copy");
	r = (struct gb_module_runtime){ .data_offset = IMAGE_SIZE };
	CHECK(check(&r, &data, why) && data.size == 0, "an empty region at the image's end passes");

	r = sound();
	r.data_size = 0x2001;
	expect_refused("a region one byte past the image", r, "outside its image");
	r = sound();
	r.data_offset = IMAGE_SIZE + 0x1000;
	r.data_size = 0;
	expect_refused("a region starting past the image", r, "outside its image");
	r = sound();
	r.data_offset = UINT64_MAX;
	expect_refused("an offset that wraps", r, "outside its image");
	r = sound();
	r.data_size = UINT64_MAX;
	expect_refused("a size that wraps", r, "outside its image");
	r = sound();
	r.data_copy_size = 0x2001;
	expect_refused("a copy larger than the region", r, "larger than its data region");
	r = sound();
	r.data_copy = 0;
	expect_refused("a copy at address 0", r, "not below 4 GiB");
	r = sound();
	r.data_copy = 0xfffffff8;
	expect_refused("a copy across 4 GiB", r, "not below 4 GiB");
	r = sound();
	r.data_copy = UINT64_MAX - 4;
	expect_refused("a copy whose end wraps", r, "not below 4 GiB");
	r = sound();
	r.data_copy = 0x500000;
	expect_refused("a copy in usable RAM", r, "not in loader memory");
	r = sound();
	r.data_copy = 0x3ffff8;
	expect_refused("a copy running from loader memory into usable RAM", r,
		       "not in loader memory");
	r = sound();
	r.data_copy = 0xa0000;
	expect_refused("a copy outside the memory map", r, "not in loader memory");
	r = sound();
	r.data_copy = KERNEL_END - 8;
	expect_refused("a copy overlapping the kernel's end", r, "overlaps the kernel");
	r = sound();
	r.data_copy = KERNEL_START;
	expect_refused("a copy on the kernel", r, "overlaps the kernel");
	r = sound();
	r.data_copy = 0x304ff8;
	expect_refused("a copy overlapping a module's image", r, "overlaps module 0's image");
	CHECK_EXIT();
}
