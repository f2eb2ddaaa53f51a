/* The bzImage header reader (linux/bzimage.c) on headers built here: a
 * good one of each protocol generation read field by field, one damage per
 * refusal, each with its message; then seeded random damage, built with
 * AddressSanitizer and UBSan (tests/build.mk), each read given exactly the
 * bytes it may touch, and what it accepts must hold together. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bzimage.h"
#include "tests/check.h"

#define SETUP_SECTS 4
#define FILE_SIZE (64 * 1024)

static uint8_t file[FILE_SIZE];

static void put(uint32_t at, uint64_t value, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		file[at + i] = (uint8_t)(value >> (8 * i));
}

/* A bzImage of FILE_SIZE bytes speaking protocol `version`. */
static void make(uint16_t version)
{
	memset(file, 0, sizeof file);
	put(BZ_SETUP_SECTS, SETUP_SECTS, 1);
	put(0x1f4, (FILE_SIZE - (SETUP_SECTS + 1) * 512) / 16, 4);
	put(BZ_BOOT_FLAG, 0xaa55, 2);
	put(BZ_JUMP, 0xeb, 1);
	put(BZ_JUMP + 1, 0x6a, 1); /* the header ends at 0x26c, as 2.15 has it */
	memcpy(file + BZ_HEADER, "HdrS", 4);
	put(BZ_VERSION, version, 2);
	put(BZ_KERNEL_VERSION, 0x300 - 0x200, 2);
	memcpy(file + 0x300, "6.1.0-test", 11);
	put(BZ_LOADFLAGS, BZ_LOADED_HIGH, 1);
	put(BZ_CODE32_START, 0x100000, 4);
	put(BZ_INITRD_ADDR_MAX, 0x7fffffff, 4);
	put(BZ_KERNEL_ALIGNMENT, 0x200000, 4);
	put(BZ_RELOCATABLE, 1, 1);
	put(BZ_XLOADFLAGS, BZ_XLF_KERNEL_64, 2);
	put(BZ_CMDLINE_SIZE, 2047, 4);
	put(BZ_PREF_ADDRESS, 0x1000000, 8);
	put(BZ_INIT_SIZE, 0x800000, 4);
}

static const char *read_it(struct bzimage *z, uint64_t file_size)
{
	return bzimage_read(z, file, sizeof file < file_size ? sizeof file : (size_t)file_size,
			    file_size);
}

static void test_good(void)
{
	struct bzimage z;
	make(0x020f);
	CHECK(read_it(&z, FILE_SIZE) == 0 && z.version == 0x020f && z.setup_size == 5 * 512 &&
		      z.kernel_size == FILE_SIZE - 5 * 512 && z.relocatable &&
		      z.kernel_alignment == 0x200000 && z.pref_address == 0x1000000 &&
		      z.init_size == 0x800000 && z.cmdline_size == 2047 &&
		      z.initrd_addr_max == 0x7fffffff && z.xloadflags == BZ_XLF_KERNEL_64 &&
		      z.header_end == 0x26c && z.version_string_length == 10 &&
		      memcmp(z.version_string, "6.1.0-test", 10) == 0,
	      "2.15: every field as written");

	make(0x0202);
	CHECK(read_it(&z, FILE_SIZE) == 0 && !z.relocatable && z.cmdline_size == 255 &&
		      z.initrd_addr_max == 0x37ffffff && z.pref_address == 0x100000 &&
		      z.init_size == z.kernel_size && z.xloadflags == 0,
	      "2.02: the fields it lacks take their defaults");

	make(0x020f);
	put(BZ_SETUP_SECTS, 0, 1);
	CHECK(read_it(&z, FILE_SIZE) == 0 && z.setup_size == 5 * 512, "setup_sects 0 means 4");
	make(0x020f);
	put(BZ_INIT_SIZE, 16, 4);
	CHECK(read_it(&z, FILE_SIZE) == 0 && z.init_size == z.kernel_size,
	      "init_size is never below the kernel's own size");
}

static void refused(const char *name, uint64_t file_size, const char *message)
{
	struct bzimage z;
	const char *got = read_it(&z, file_size);
	CHECK(got && strcmp(got, message) == 0, "%s: \"%s\" (got \"%s\")", name, message,
	      got ? got : "accepted");
}

static void test_refused(void)
{
	make(0x020f);
	memcpy(file + BZ_HEADER, "HdrX", 4);
	refused("no magic", FILE_SIZE, "not a bzImage (no HdrS setup header)");
	make(0x020f);
	refused("a file shorter than the header", 0x100, "not a bzImage (no HdrS setup header)");
	make(0x0201);
	refused("protocol 2.01", FILE_SIZE, "not a bzImage (boot protocol < 2.02)");
	make(0x020f);
	put(BZ_BOOT_FLAG, 0, 2);
	refused("no boot flag", FILE_SIZE, "not a bzImage (no 0xAA55 boot flag)");
	make(0x020f);
	put(BZ_JUMP + 1, 0x10, 1);
	refused("a header ending before cmd_line_ptr", FILE_SIZE,
		"the setup header is too short for its boot protocol");
	make(0x020f);
	refused("a file cut inside the header", 0x220, "the setup header runs past the end of the file");
	make(0x020f);
	put(BZ_LOADFLAGS, 0, 1);
	refused("a zImage", FILE_SIZE,
		"a zImage (loadflags without LOADED_HIGH): only a bzImage loads above 1 MiB");
	make(0x020f);
	put(BZ_SETUP_SECTS, 200, 1);
	refused("setup_sects past the end", FILE_SIZE,
		"setup_sects claims more sectors than the file holds");
	make(0x020f);
	refused("syssize past the end", FILE_SIZE - 4096,
		"syssize claims more than the file holds after the setup code");
	make(0x020f);
	put(0x1f4, 0, 4);
	refused("syssize 0", FILE_SIZE, "syssize claims more than the file holds after the setup code");
	make(0x020f);
	put(BZ_KERNEL_ALIGNMENT, 0x300000, 4);
	refused("kernel_alignment not a power of two", FILE_SIZE,
		"kernel_alignment is not a power of two of at least 4 KiB");
}

#define ROUNDS 50000

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)state;
}

static void test_damage(void)
{
	unsigned accepted = 0, unsound = 0;
	for (unsigned round = 0; round < ROUNDS; round++) {
		make(round & 1 ? 0x020f : 0x0205);
		for (unsigned n = 1 + next() % 8; n; n--)
			file[0x1f0 + next() % 0x110] = (uint8_t)next();
		if (next() % 4 == 0) /* where the header ends, which bounds the rest */
			file[BZ_JUMP + 1] = (uint8_t)(next() % 0x80);
		/* The file whole, cut anywhere, or cut inside the header; the copy
		 * exactly as long as what the reader may see. */
		uint32_t cut = next() % 4;
		uint64_t file_size = cut == 0   ? BZ_HEADER + file[BZ_JUMP + 1] + next() % 32
				     : cut == 1 ? next() % (FILE_SIZE + 1)
						: FILE_SIZE;
		size_t length = file_size < BZIMAGE_HEAD_SIZE ? (size_t)file_size : BZIMAGE_HEAD_SIZE;
		uint8_t *copy = malloc(length ? length : 1);
		memcpy(copy, file, length);
		struct bzimage z;
		if (!bzimage_read(&z, copy, length, file_size)) {
			accepted++;
			unsound += z.setup_size >= file_size || z.setup_size + z.kernel_size != file_size ||
				   z.header_end > length || z.init_size < z.kernel_size ||
				   z.version < 0x0202 || !(z.loadflags & BZ_LOADED_HIGH) ||
				   (z.relocatable && (z.kernel_alignment & (z.kernel_alignment - 1))) ||
				   (z.version_string &&
				    (z.version_string < (const char *)copy ||
				     z.version_string + z.version_string_length >= (const char *)copy + length));
		}
		free(copy);
	}
	CHECK(unsound == 0, "%u rounds of random damage: %u accepted, all of them sound", ROUNDS,
	      accepted);
}

int main(void)
{
	test_good();
	test_refused();
	test_damage();
	CHECK_EXIT();
}
