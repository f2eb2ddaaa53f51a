/* The Linux boot protocol, 2.02 and later (docs/linux.md). The setup header
 * is read and checked by linux/bzimage.c; here the kernel, the initrd files
 * and the command line are placed where the header and the memory map
 * allow, boot_params (the "zero page") is filled, and the kernel is entered
 * through the 32-bit boot protocol. */
#include "config/sha256.h"
#include "linux/bzimage.h"
#include "stage2/bios.h"
#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/protocol.h"
#include "stage2/video.h"

#define ZERO_PAGE_SIZE 4096u
/* boot_params outside the setup header. */
#define BP_ORIG_X 0x000 /* screen_info: cursor column, row */
#define BP_ORIG_Y 0x001
#define BP_ORIG_VIDEO_MODE 0x006
#define BP_ORIG_VIDEO_COLS 0x007
#define BP_ORIG_VIDEO_EGA_BX 0x00a
#define BP_ORIG_VIDEO_LINES 0x00e
#define BP_ORIG_VIDEO_ISVGA 0x00f
#define BP_ORIG_VIDEO_POINTS 0x010
#define BP_LFB_WIDTH 0x012 /* screen_info: a linear framebuffer */
#define BP_LFB_HEIGHT 0x014
#define BP_LFB_DEPTH 0x016
#define BP_LFB_BASE 0x018
#define BP_LFB_SIZE 0x01c /* in 64 KiB units */
#define BP_LFB_LINELENGTH 0x024
#define BP_RED_SIZE 0x026 /* then red_pos, green size and pos, blue size and pos */
#define BP_PAGES 0x032
#define BP_E820_ENTRIES 0x1e8
#define BP_E820_TABLE 0x2d0
#define E820_MAX_ZERO_PAGE 128
#define E820_ENTRY_SIZE 20

#define LOADER_TYPE_UNDEFINED 0xff /* no boot loader ID is registered for ghostboot */
#define VID_MODE_NORMAL 0xffff
#define VIDEO_TYPE_VGA_TEXT 1
#define VIDEO_TYPE_VLFB 0x23 /* a VESA mode with a linear framebuffer */
#define LOW_MEMORY_END 0x100000u
#define FILE_MAX 0x40000000ull /* 1 GiB: more than any kernel or initrd stage 2 can place */

void enter_linux32(uint32_t entry, uint32_t boot_params);

static uint32_t load_address; /* of the protected-mode kernel: its 32-bit entry */
static uint8_t *boot_params;  /* the zero page */

static void put16(uint8_t *p, uint32_t at, uint32_t v)
{
	p[at] = (uint8_t)v;
	p[at + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t at, uint32_t v)
{
	put16(p, at, v);
	put16(p, at + 2, v >> 16);
}

/* Where the protected-mode kernel goes: pref_address when it is free, else,
 * for a relocatable kernel, the lowest free address aligned as it asks.
 * The whole init_size must be free there: the kernel decompresses in it. */
static uint32_t place_kernel(const char *path, const struct bzimage *z)
{
	uint64_t need = ALIGN_UP(z->init_size, PAGE_SIZE);
	/* Low memory has room where nothing lives, but never for a bzImage. */
	const char *conflict = z->pref_address < LOW_MEMORY_END ? "the first MiB"
							       : memory_conflict(z->pref_address, need);
	if (!conflict)
		return (uint32_t)z->pref_address;
	if (!z->relocatable)
		panic("kernel %s: not relocatable, and the 0x%llx bytes at 0x%llx it needs would "
		      "overlap %s",
		      path, (unsigned long long)need, (unsigned long long)z->pref_address, conflict);
	uint64_t at = memory_find(need, z->kernel_alignment, 0, ~0ull, 0);
	if (!at)
		panic("kernel %s: no free usable RAM below 4 GiB holds its init_size of 0x%llx bytes "
		      "at an alignment of 0x%x",
		      path, (unsigned long long)need, z->kernel_alignment);
	return (uint32_t)at;
}

/* file_read_hashing, or a stop naming the file. */
static void read_hashed(struct fs_file *file, const char *what, const char *path,
			uint64_t offset, uint8_t *to, uint64_t length, struct sha256 *hash)
{
	const char *why;
	if (file_read_hashing(file, offset, to, length, hash, &why))
		panic("%s %s: %s", what, path, why);
}

static void check_pin(const struct config_file *ref, const char *what, struct sha256 *hash)
{
	const char *why;
	if (file_check_pin(ref, hash, &why))
		panic("%s %s: %s", what, ref->path, why);
}

/* The initrd files, concatenated (each padded to 4 bytes, where Linux looks
 * for the next cpio archive) as high as possible below initrd_addr_max. */
static void load_initrds(struct fs_volume *volume, const struct config *config,
			 const struct config_entry *entry, const struct bzimage *z,
			 uint8_t *bp)
{
	static struct fs_file files[CONFIG_MAX_INITRDS];
	const struct config_file *refs = &config->initrds[entry->first_initrd];
	uint64_t total = 0;
	const char *why;
	if (entry->initrd_count == 0)
		return;
	for (unsigned i = 0; i < entry->initrd_count; i++) {
		if (file_open(volume, refs[i].path, &files[i], &why))
			panic("initrd %s: %s", refs[i].path, why);
		if (files[i].size > FILE_MAX)
			panic("initrd %s: larger than 1 GiB", refs[i].path);
		total += ALIGN_UP(files[i].size, 4);
	}
	uint64_t limit = (uint64_t)z->initrd_addr_max + 1;
	uint64_t at = memory_find(ALIGN_UP(total, PAGE_SIZE), PAGE_SIZE, 0, limit, 1);
	if (!at)
		panic("initrd %s: %llu bytes (%u files) do not fit in free memory below "
		      "initrd_addr_max 0x%x",
		      refs[0].path, (unsigned long long)total, entry->initrd_count,
		      z->initrd_addr_max);
	memory_claim(at, total);
	uint8_t *to = (uint8_t *)(uintptr_t)at;
	for (unsigned i = 0; i < entry->initrd_count; i++) {
		struct sha256 hash;
		sha256_init(&hash);
		read_hashed(&files[i], "initrd", refs[i].path, 0, to, files[i].size, &hash);
		check_pin(&refs[i], "initrd", &hash);
		memset(to + files[i].size, 0, ALIGN_UP(files[i].size, 4) - files[i].size);
		to += ALIGN_UP(files[i].size, 4);
	}
	put32(bp, BZ_RAMDISK_IMAGE, (uint32_t)at);
	put32(bp, BZ_RAMDISK_SIZE, (uint32_t)total);
	console_printf("ghostboot: initrd 0x%llx-0x%llx, %u files\n", (unsigned long long)at,
		       (unsigned long long)(at + total), entry->initrd_count);
}

/* The text console as the BIOS left it, from the BIOS data area. */
static void fill_screen_info(uint8_t *bp)
{
	const volatile uint8_t *bda = physical(0x400);
	bp[BP_ORIG_X] = bda[0x50];
	bp[BP_ORIG_Y] = bda[0x51];
	bp[BP_ORIG_VIDEO_MODE] = bda[0x49] & 0x7f;
	bp[BP_ORIG_VIDEO_COLS] = bda[0x4a];
	bp[BP_ORIG_VIDEO_LINES] = (uint8_t)(bda[0x84] + 1);
	put16(bp, BP_ORIG_VIDEO_POINTS, bda[0x85]);
	put16(bp, BP_ORIG_VIDEO_EGA_BX, 0x0003); /* colour, 256 KiB: a VGA */
	bp[BP_ORIG_VIDEO_ISVGA] = VIDEO_TYPE_VGA_TEXT;
	put16(bp, BZ_VID_MODE, VID_MODE_NORMAL);
}

/* The mode the entry's `video` line asks for, set last, and described as
 * Linux's own setup code describes a VESA mode (its framebuffer drivers
 * take it from there). A mode that cannot be set leaves the text screen,
 * described already. */
static void switch_video(const struct config_entry *entry, uint8_t *bp)
{
	static struct video video;
	if (entry->video.kind != CONFIG_VIDEO_MODE)
		return;
	struct video_request request = video_request(&entry->video, 0);
	video_switch(&request, &video);
	if (!video.graphics)
		return;
	const struct gb_framebuffer *fb = &video.framebuffer;
	bp[BP_ORIG_VIDEO_ISVGA] = VIDEO_TYPE_VLFB;
	put16(bp, BP_LFB_WIDTH, fb->width);
	put16(bp, BP_LFB_HEIGHT, fb->height);
	put16(bp, BP_LFB_DEPTH, fb->bpp);
	put32(bp, BP_LFB_BASE, (uint32_t)fb->addr);
	put32(bp, BP_LFB_SIZE, (fb->pitch * fb->height + 0xffff) >> 16);
	put16(bp, BP_LFB_LINELENGTH, fb->pitch);
	const uint8_t fields[6] = { fb->red_size,  fb->red_position,  fb->green_size,
				    fb->green_position, fb->blue_size, fb->blue_position };
	memcpy(bp + BP_RED_SIZE, fields, sizeof fields);
	put16(bp, BP_PAGES, 1);
}

/* Reads and places the kernel, the initrd files and the command line. The
 * kernel is placed before anything is allocated that could be in its way. */
static void load(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	struct fs_volume *volume = context->volume;
	const char *path = entry->kernel.path;
	struct fs_file file;
	const char *why;
	if (file_open(volume, path, &file, &why))
		panic("kernel %s: %s", path, why);
	static uint8_t head[BZIMAGE_HEAD_SIZE];
	uint64_t head_size = file.size < sizeof head ? file.size : sizeof head;
	if (file_read_exact(&file, 0, head, head_size, &why))
		panic("kernel %s: %s", path, why);
	struct bzimage z;
	if ((why = bzimage_read(&z, head, (size_t)head_size, file.size)))
		panic("kernel %s: %s", path, why);
	if (file.size > FILE_MAX)
		panic("kernel %s: larger than 1 GiB", path);
	/* Its own check would only halt, without a word, after the jump. */
	if ((z.xloadflags & BZ_XLF_KERNEL_64) && !cpu_has_long_mode())
		panic("kernel %s: a 64-bit kernel, and this CPU has no 64-bit mode", path);
	size_t cmdline_length = strlen(entry->cmdline);
	if (cmdline_length > z.cmdline_size)
		panic("kernel %s: the command line is %u bytes, more than its cmdline_size of %u",
		      path, (unsigned)cmdline_length, z.cmdline_size);

	/* The kernel first: nothing is allocated yet that could be in its way. */
	load_address = place_kernel(path, &z);
	memory_claim(load_address, z.init_size);

	uint8_t *setup = memory_allocate(z.setup_size);
	uint8_t *bp = memory_allocate(ZERO_PAGE_SIZE);
	char *cmdline = memory_allocate((uint32_t)cmdline_length + 1);
	if (!setup || !bp || !cmdline)
		panic("kernel %s: out of memory for its setup code and boot_params", path);
	struct sha256 hash;
	sha256_init(&hash);
	read_hashed(&file, "kernel", path, 0, setup, z.setup_size, &hash);
	read_hashed(&file, "kernel", path, z.setup_size, (uint8_t *)(uintptr_t)load_address,
		    z.kernel_size, &hash);
	check_pin(&entry->kernel, "kernel", &hash);
	console_printf("ghostboot: Linux boot protocol %u.%02u, kernel at 0x%x, init_size 0x%llx\n",
		       z.version >> 8, z.version & 0xff, load_address,
		       (unsigned long long)z.init_size);

	/* The header as the kernel wrote it, then what the loader fills in. */
	memcpy(bp + BZ_SETUP_SECTS, setup + BZ_SETUP_SECTS, z.header_end - BZ_SETUP_SECTS);
	bp[BZ_TYPE_OF_LOADER] = LOADER_TYPE_UNDEFINED;
	/* The heap is the real-mode setup code's, which the 32-bit protocol skips. */
	bp[BZ_LOADFLAGS] &= (uint8_t)~BZ_CAN_USE_HEAP;
	put16(bp, BZ_HEAP_END_PTR, 0);
	put32(bp, BZ_CODE32_START, load_address);
	memcpy(cmdline, entry->cmdline, cmdline_length + 1);
	put32(bp, BZ_CMD_LINE_PTR, (uint32_t)(uintptr_t)cmdline);
	fill_screen_info(bp);
	load_initrds(volume, context->config, entry, &z, bp);
	boot_params = bp;
}

/* The memory map into boot_params, then the 32-bit entry. */
__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	/* The BIOS map as read: Linux finds what the loader placed through the
	 * header (kernel, initrd, command line) and reserves it itself. */
	const struct gb_memory_region *map;
	uint32_t n = memory_regions(&map);
	if (n > E820_MAX_ZERO_PAGE)
		n = E820_MAX_ZERO_PAGE;
	uint8_t *bp = boot_params;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *e = bp + BP_E820_TABLE + i * E820_ENTRY_SIZE;
		memcpy(e, &map[i].base, 8);
		memcpy(e + 8, &map[i].length, 8);
		put32(e, 16, map[i].type);
	}
	bp[BP_E820_ENTRIES] = (uint8_t)n;
	console_printf("ghostboot: entering Linux at 0x%x, boot_params at 0x%x\n",
		       load_address, (unsigned)(uintptr_t)bp);
	switch_video(context->entry, bp);
	cpu_restore_before_handoff();
	enter_linux32(load_address, (uint32_t)(uintptr_t)bp);
	__builtin_unreachable();
}

const struct boot_protocol protocol_linux = { "linux", 0, load, boot };
