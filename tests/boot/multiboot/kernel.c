/* A Multiboot 1 and 2 test kernel (tests/boot/multiboot.sh): it checks
 * every field the loader hands it against the specification and against
 * what the test put on its command line, prints what it got on COM1, and
 * reports through port 0xf4: 0x10 when every check held, 0x11 with the
 * reason when one did not.
 *
 * Command line words it reads: mem=MIB (QEMU's memory), part=N|none (the
 * 0-based boot partition), mods=N, syms=0|1 (ELF sections expected),
 * acpi=0|1, fb=WxHxBPP|text (the display expected; without it whatever
 * framebuffer is described must still be sound), expect-image=ADDR,SIZE,FNV
 * (the FNV-1a hash of SIZE bytes of the kernel's own image at ADDR). A
 * module string "NAME fnv=HEX size=N" asks for its bytes to be checked. */
#include <stddef.h>
#include <stdint.h>

#include "tests/boot/guest_io.h"

#define MB1_MAGIC 0x2badb002u
#define MB2_MAGIC 0x36d76289u

void kernel_main(uint32_t magic, uint32_t info);
extern const uint32_t expected_magic;

__attribute__((noreturn)) static void finish(const char *failure, uint64_t value)
{
	if (failure) {
		com1_puts("mbtest: FAIL: ");
		com1_puts(failure);
		com1_puts(" (0x");
		com1_putu((uint32_t)value, 16);
		com1_puts(")\n");
	} else {
		com1_puts("mbtest: PASS\n");
	}
	outb(EXIT_PORT, failure ? 0x11 : 0x10);
	for (;;)
		__asm__ volatile("cli; hlt");
}

#define EXPECT(cond, what, value) \
	do { \
		if (!(cond)) \
			finish(what, (uint64_t)(value)); \
	} while (0)

static size_t length_of(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The value of `key=` among the blank-separated words of `text`, or 0. */
static const char *word_value(const char *text, const char *key)
{
	size_t key_length = length_of(key);
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t i = 0;
		while (i < key_length && p[i] == key[i])
			i++;
		if (i == key_length && p[i] == '=')
			return p + i + 1;
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}

/* A number at `s`, in `base`, up to a blank, a comma or the end; ~0 when
 * absent. */
static uint32_t number(const char *s, unsigned base)
{
	uint32_t n = 0;
	if (!s || !*s || *s == ' ' || *s == ',')
		return ~0u;
	for (; *s && *s != ' ' && *s != ','; s++) {
		unsigned digit = *s >= 'a' ? (unsigned)(*s - 'a' + 10) : (unsigned)(*s - '0');
		if (digit >= base)
			return ~0u;
		n = n * base + digit;
	}
	return n;
}

static uint32_t setting(const char *cmdline, const char *key)
{
	return number(word_value(cmdline, key), 10);
}

/* FNV-1a, 32 bits: the test computes the same over the module file. */
static uint32_t fnv1a(const uint8_t *p, uint32_t n)
{
	uint32_t hash = 2166136261u;
	while (n--)
		hash = (hash ^ *p++) * 16777619u;
	return hash;
}

static void check_module(uint32_t index, uint32_t start, uint32_t end, const char *string)
{
	com1_puts("mbtest: module ");
	com1_putu(index, 10);
	com1_puts(": ");
	com1_puts(string);
	com1_puts(" (");
	com1_putu(end - start, 10);
	com1_puts(" bytes)\n");
	EXPECT((start & 0xfff) == 0, "module not page-aligned", start);
	EXPECT(end >= start, "module ends before it starts", end);
	const char *fnv = word_value(string, "fnv");
	if (!fnv)
		return;
	EXPECT(number(word_value(string, "size"), 10) == end - start, "module size", end - start);
	uint32_t hash = fnv1a((const uint8_t *)start, end - start);
	EXPECT(number(fnv, 16) == hash, "module bytes do not match their fnv=", hash);
}

/* What follows the comma ending the value at `s`, or 0 when no comma does. */
static const char *after_comma(const char *s)
{
	while (s && *s && *s != ' ' && *s != ',')
		s++;
	return s && *s == ',' ? s + 1 : 0;
}

/* expect-image=ADDR,SIZE,FNV (tests/lib.sh blob_expectation): the bytes
 * the loader put at ADDR are those of the kernel file. */
static void check_image(const char *cmdline)
{
	const char *value = word_value(cmdline, "expect-image");
	if (!value)
		return;
	const char *size_text = after_comma(value), *fnv_text = after_comma(size_text);
	uint32_t address = number(value, 16), size = number(size_text, 10);
	EXPECT(address != ~0u && size != ~0u && fnv_text, "expect-image= takes ADDR,SIZE,FNV", 0);
	uint32_t hash = fnv1a((const uint8_t *)address, size);
	EXPECT(hash == number(fnv_text, 16), "image bytes do not match their expect-image=", hash);
	com1_puts("mbtest: image bytes at 0x");
	com1_putu(address, 16);
	com1_puts(" (");
	com1_putu(size, 10);
	com1_puts(" bytes) match, byte for byte\n");
}

/* The memory map against QEMU's memory size and the basic sizes. */
struct map_walk {
	uint64_t last_end, usable_kib;
	uint32_t lower_kib, upper_kib;
};

static void map_entry(struct map_walk *w, uint64_t base, uint64_t length, uint32_t type)
{
	EXPECT(base >= w->last_end, "memory map not sorted or overlapping", base);
	EXPECT(length > 0, "empty memory map entry", base);
	w->last_end = base + length;
	if (type != 1)
		return;
	w->usable_kib += length / 1024;
	if (base == 0)
		w->lower_kib = (uint32_t)(length / 1024);
	if (base <= 0x100000 && base + length > 0x100000)
		w->upper_kib = (uint32_t)((base + length - 0x100000) / 1024);
}

static void check_memory(const struct map_walk *w, uint32_t lower, uint32_t upper,
			 const char *cmdline)
{
	uint64_t mib = setting(cmdline, "mem");
	com1_puts("mbtest: usable RAM ");
	com1_putu((uint32_t)w->usable_kib, 10);
	com1_puts(" KiB; mem_lower ");
	com1_putu(lower, 10);
	com1_puts(", mem_upper ");
	com1_putu(upper, 10);
	com1_puts("\n");
	EXPECT(mib != ~0u, "no mem= on the command line", 0);
	EXPECT(w->usable_kib <= mib * 1024 && w->usable_kib + 2048 > mib * 1024,
	       "usable RAM in the map does not match QEMU's memory", w->usable_kib);
	EXPECT(lower == w->lower_kib && lower > 0 && lower <= 640, "mem_lower", lower);
	EXPECT(upper == w->upper_kib && upper > 0, "mem_upper", upper);
}

static void check_partition(uint32_t drive, uint32_t partition, uint32_t none,
			    const char *cmdline)
{
	EXPECT(drive == 0x80, "boot drive", drive);
	const char *part = word_value(cmdline, "part");
	uint32_t expected = part && part[0] == 'n' ? none : (uint32_t)number(part, 10);
	EXPECT(partition == expected, "boot partition", partition);
}

/* The ELF section headers: a .symtab whose symbols name kernel_main at its
 * address, found through the section name table. */
static void check_sections(uint32_t count, uint32_t size, uint32_t names, const uint8_t *table)
{
	EXPECT(count > 0 && size == 40 && names < count, "ELF section header fields", count);
	const uint32_t *name_section = (const uint32_t *)(table + names * size);
	const char *section_names = (const char *)name_section[3];
	EXPECT(section_names, "section name table not loaded", 0);
	for (uint32_t i = 0; i < count; i++) {
		const uint32_t *s = (const uint32_t *)(table + i * size);
		if (!same(section_names + s[0], ".symtab"))
			continue;
		EXPECT(s[3] && s[9] == 16 && s[6] < count, ".symtab fields", s[3]);
		const uint32_t *strtab = (const uint32_t *)(table + s[6] * size);
		const char *strings = (const char *)strtab[3];
		EXPECT(strings, ".strtab not loaded", 0);
		for (uint32_t at = 0; at + 16 <= s[5]; at += 16) {
			const uint32_t *symbol = (const uint32_t *)(s[3] + at);
			if (same(strings + symbol[0], "kernel_main")) {
				EXPECT(symbol[1] == (uint32_t)kernel_main, "kernel_main's symbol value",
				       symbol[1]);
				com1_puts("mbtest: symbol kernel_main found\n");
				return;
			}
		}
		finish("kernel_main not in .symtab", 0);
	}
	finish("no .symtab section", 0);
}

static void check_common(const char *cmdline, const char *loader)
{
	com1_puts("mbtest: cmdline: ");
	com1_puts(cmdline);
	com1_puts("\nmbtest: loader: ");
	com1_puts(loader);
	com1_puts("\n");
	EXPECT(loader[0] == 'g' && same(loader, "ghostboot 0.1"), "boot loader name", 0);
	check_image(cmdline);
}

/* The framebuffer fields, laid out alike from framebuffer_addr on in both
 * protocols up to the color information at `colors`: the address, a pitch
 * that holds a line, a known type, EGA text where VGA text lives, color
 * fields inside an RGB pixel; with fb= on the command line, that mode. An
 * RGB framebuffer gets the video tests' four quadrants (tests/boot/video.sh):
 * red, green, blue and white from the top left. */
static void check_framebuffer(const uint8_t *fb, const uint8_t *colors, const char *cmdline)
{
	uint64_t addr = *(const uint64_t *)fb;
	uint32_t pitch = *(const uint32_t *)(fb + 8), width = *(const uint32_t *)(fb + 12);
	uint32_t height = *(const uint32_t *)(fb + 16), bpp = fb[20], type = fb[21];
	com1_puts("mbtest: framebuffer type ");
	com1_putu(type, 10);
	com1_puts(", ");
	com1_putu(width, 10);
	com1_puts("x");
	com1_putu(height, 10);
	com1_puts("x");
	com1_putu(bpp, 10);
	com1_puts("\n");
	EXPECT(addr && addr + (uint64_t)pitch * height <= 0x100000000ull, "framebuffer address",
	       addr);
	EXPECT(width && height && bpp && pitch >= width * ((bpp + 7) / 8), "framebuffer pitch",
	       pitch);
	EXPECT(type <= 2, "framebuffer type", type);
	EXPECT(type != 2 || (addr == 0xb8000 && width == 80 && height == 25 && bpp == 16 &&
			     pitch == 160),
	       "EGA text framebuffer", addr);
	const char *fb_word = word_value(cmdline, "fb");
	if (fb_word && fb_word[0] == 't')
		EXPECT(type == 2, "fb=text, but the framebuffer is graphics", type);
	else if (fb_word) {
		uint32_t want[3] = { 0, 0, 0 };
		for (unsigned n = 0; n < 3 && *fb_word; n++, fb_word += *fb_word == 'x')
			while (*fb_word >= '0' && *fb_word <= '9')
				want[n] = want[n] * 10 + (uint32_t)(*fb_word++ - '0');
		EXPECT(type != 2 && width == want[0] && height == want[1] && bpp == want[2],
		       "framebuffer is not the fb= mode", width);
	}
	if (type != 1)
		return;
	uint32_t quadrant[4];
	for (unsigned c = 0; c < 3; c++) {
		EXPECT(colors[2 * c + 1] && colors[2 * c] + colors[2 * c + 1] <= bpp,
		       "color field outside the pixel", c);
		quadrant[c] = ((1u << colors[2 * c + 1]) - 1) << colors[2 * c];
	}
	quadrant[3] = quadrant[0] | quadrant[1] | quadrant[2];
	for (uint32_t y = 0; y < height; y++)
		for (uint32_t x = 0; x < width; x++) {
			uint32_t color = quadrant[(y >= height / 2) * 2 + (x >= width / 2)];
			volatile uint8_t *pixel = (volatile uint8_t *)(uint32_t)addr + y * pitch +
						  x * ((bpp + 7) / 8);
			for (uint32_t b = 0; b < (bpp + 7) / 8; b++)
				pixel[b] = (uint8_t)(color >> (8 * b));
		}
	com1_puts("mbtest: test pattern drawn\n");
}

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t shdr_num, shdr_size, shdr_addr, shdr_strndx, mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
	uint32_t apm_table, vbe_control_info, vbe_mode_info, vbe_mode_interface[2];
	uint8_t framebuffer[30]; /* from framebuffer_addr; color_info at 22 */
};

static void multiboot1(const struct mb1_info *mbi)
{
	uint32_t wanted = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 6 | 1u << 9;
	EXPECT((mbi->flags & wanted) == wanted, "info flags", mbi->flags);
	const char *cmdline = (const char *)mbi->cmdline;
	check_common(cmdline, (const char *)mbi->boot_loader_name);

	struct map_walk walk = { 0 };
	EXPECT(mbi->mmap_length % 24 == 0 && mbi->mmap_length > 0, "mmap_length", mbi->mmap_length);
	for (uint32_t at = 0; at < mbi->mmap_length;) {
		const uint8_t *e = (const uint8_t *)mbi->mmap_addr + at;
		uint32_t size = *(const uint32_t *)e;
		EXPECT(size == 20, "memory map entry size", size);
		map_entry(&walk, *(const uint64_t *)(e + 4), *(const uint64_t *)(e + 12),
			  *(const uint32_t *)(e + 20));
		at += size + 4;
	}
	check_memory(&walk, mbi->mem_lower, mbi->mem_upper, cmdline);
	check_partition(mbi->boot_device >> 24, (mbi->boot_device >> 16) & 0xff, 0xff, cmdline);
	EXPECT((mbi->boot_device & 0xffff) == 0xffff, "sub-partitions of boot_device",
	       mbi->boot_device);

	EXPECT(mbi->mods_count == setting(cmdline, "mods"), "mods_count", mbi->mods_count);
	const uint32_t *mods = (const uint32_t *)mbi->mods_addr;
	for (uint32_t i = 0; i < mbi->mods_count; i++)
		check_module(i, mods[4 * i], mods[4 * i + 1], (const char *)mods[4 * i + 2]);

	int syms = (mbi->flags >> 5) & 1;
	EXPECT(syms == (int)setting(cmdline, "syms"), "ELF sections flag", mbi->flags);
	if (syms)
		check_sections(mbi->shdr_num, mbi->shdr_size, mbi->shdr_strndx,
			       (const uint8_t *)mbi->shdr_addr);
	EXPECT((mbi->flags >> 12 & 1) || !word_value(cmdline, "fb"), "no framebuffer (flags bit 12)",
	       mbi->flags);
	if (mbi->flags & 1u << 12)
		check_framebuffer(mbi->framebuffer, mbi->framebuffer + 22, cmdline);
}

static uint8_t byte_sum(const uint8_t *p, uint32_t n)
{
	uint8_t sum = 0;
	while (n--)
		sum = (uint8_t)(sum + *p++);
	return sum;
}

static void check_rsdp(const uint8_t *rsdp, uint32_t size, int extended)
{
	EXPECT(size >= 20, "RSDP tag size", size);
	for (int i = 0; i < 8; i++)
		EXPECT(rsdp[i] == "RSD PTR "[i], "RSDP signature", i);
	EXPECT(byte_sum(rsdp, 20) == 0, "RSDP checksum", byte_sum(rsdp, 20));
	if (extended) {
		uint32_t length = *(const uint32_t *)(rsdp + 20);
		EXPECT(length == size && byte_sum(rsdp, length) == 0, "RSDP extended checksum",
		       length);
	}
	com1_puts("mbtest: RSDP checksum holds\n");
}

static void multiboot2(const uint8_t *info)
{
	EXPECT(((uint32_t)info & 7) == 0, "information not 8-byte aligned", (uint32_t)info);
	uint32_t total = *(const uint32_t *)info;
	unsigned seen[32] = { 0 };
	const char *cmdline = 0, *loader = 0;
	const uint32_t *memory = 0, *device = 0;
	const uint8_t *end = 0;
	uint32_t at = 8;
	/* First pass: every tag aligned and inside total_size, the end tag last. */
	while (!end) {
		EXPECT(at + 8 <= total, "tags run past total_size", at);
		const uint32_t *t = (const uint32_t *)(info + at);
		EXPECT(t[1] >= 8 && t[1] <= total - at, "tag size", t[0]);
		if (t[0] < 32)
			seen[t[0]]++;
		if (t[0] == 0) {
			EXPECT(t[1] == 8 && at + 8 == total, "end tag is not last or total_size wrong",
			       at);
			end = info + at;
		} else if (t[0] == 1) {
			cmdline = (const char *)(t + 2);
		} else if (t[0] == 2) {
			loader = (const char *)(t + 2);
		} else if (t[0] == 4) {
			memory = t;
		} else if (t[0] == 5) {
			device = t;
		}
		at += (t[1] + 7) & ~7u;
	}
	EXPECT(cmdline && loader && memory && device, "a required tag is missing", 0);
	EXPECT(seen[1] == 1 && seen[2] == 1 && seen[4] == 1 && seen[5] == 1 && seen[6] == 1 &&
	       seen[8] == 1,
	       "a tag given twice", 0);
	check_common(cmdline, loader);
	EXPECT(seen[3] == setting(cmdline, "mods"), "module tags", seen[3]);
	EXPECT(seen[9] == setting(cmdline, "syms"), "ELF section tag", seen[9]);
	EXPECT(seen[14] == setting(cmdline, "acpi"), "ACPI old RSDP tag", seen[14]);
	EXPECT(seen[10] == 0 && seen[21] == 0, "APM or load base tag given unasked", 0);
	check_partition(device[2], device[3], 0xffffffffu, cmdline);
	EXPECT(device[4] == 0xffffffffu, "sub-partition", device[4]);

	struct map_walk walk = { 0 };
	uint32_t module = 0;
	for (at = 8; info + at != end; at += (((const uint32_t *)(info + at))[1] + 7) & ~7u) {
		const uint32_t *t = (const uint32_t *)(info + at);
		if (t[0] == 3) {
			check_module(module++, t[2], t[3], (const char *)(t + 4));
		} else if (t[0] == 6) {
			EXPECT(t[2] == 24 && t[3] == 0, "memory map entry size or version", t[2]);
			EXPECT((t[1] - 16) % 24 == 0 && t[1] > 16, "memory map tag size", t[1]);
			for (uint32_t e = 16; e < t[1]; e += 24) {
				const uint8_t *entry = (const uint8_t *)t + e;
				map_entry(&walk, *(const uint64_t *)entry,
					  *(const uint64_t *)(entry + 8),
					  *(const uint32_t *)(entry + 16));
			}
		} else if (t[0] == 9) {
			check_sections(t[2], t[3], t[4], (const uint8_t *)(t + 5));
		} else if (t[0] == 8) {
			check_framebuffer((const uint8_t *)(t + 2), (const uint8_t *)(t + 8), cmdline);
		} else if (t[0] == 14) {
			check_rsdp((const uint8_t *)(t + 2), t[1] - 8, 0);
		} else if (t[0] == 15) {
			check_rsdp((const uint8_t *)(t + 2), t[1] - 8, 1);
		}
	}
	check_memory(&walk, memory[2], memory[3], cmdline);
}

void kernel_main(uint32_t magic, uint32_t info)
{
	uint32_t eflags, cr0;
	uint16_t cs, ds;
	__asm__ volatile("pushfl; popl %0" : "=r"(eflags));
	__asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("movw %%cs, %0; movw %%ds, %1" : "=r"(cs), "=r"(ds));
	com1_puts("mbtest: entered with magic 0x");
	com1_putu(magic, 16);
	com1_puts("\n");
	EXPECT(magic == expected_magic, "magic in EAX", magic);
	EXPECT(!(eflags & (1u << 9)) && !(eflags & (1u << 17)), "EFLAGS IF or VM set", eflags);
	EXPECT((cr0 & 1) && !(cr0 & 0x80000000u), "CR0: PE off or PG on", cr0);
	uint32_t cs_limit, ds_limit;
	__asm__ volatile("lsll %k1, %0" : "=r"(cs_limit) : "r"((uint32_t)cs));
	__asm__ volatile("lsll %k1, %0" : "=r"(ds_limit) : "r"((uint32_t)ds));
	EXPECT(cs_limit == 0xffffffffu && ds_limit == 0xffffffffu, "segments not flat 4 GiB",
	       cs_limit);
	EXPECT(info != 0, "no information in EBX", info);
	if (magic == MB1_MAGIC)
		multiboot1((const struct mb1_info *)info);
	else
		multiboot2((const uint8_t *)info);
	finish(0, 0);
}
