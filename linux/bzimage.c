/* The setup header of a bzImage (docs/linux.md): every size and offset it
 * claims is checked against the file before anything trusts it. */
#include "linux/bzimage.h"

#define HDRS_MAGIC 0x53726448u /* "HdrS" */
#define BOOT_FLAG 0xaa55u
#define SECTOR 512u
#define DEFAULT_SETUP_SECTS 4u /* a setup_sects of 0 means 4 */
#define DEFAULT_INITRD_ADDR_MAX 0x37ffffffu /* before 2.03 */
#define DEFAULT_CMDLINE_SIZE 255u           /* before 2.06 */
#define DEFAULT_CODE32_START 0x100000u

static uint32_t get16(const uint8_t *b, size_t at)
{
	return (uint32_t)b[at] | (uint32_t)b[at + 1] << 8;
}

static uint32_t get32(const uint8_t *b, size_t at)
{
	return get16(b, at) | get16(b, at + 2) << 16;
}

static uint64_t get64(const uint8_t *b, size_t at)
{
	return (uint64_t)get32(b, at) | (uint64_t)get32(b, at + 4) << 32;
}

/* The human-readable version string the setup code may carry. */
static void read_version_string(struct bzimage *z, const uint8_t *b, size_t length)
{
	uint32_t offset = get16(b, BZ_KERNEL_VERSION);
	if (offset == 0)
		return;
	offset += 0x200;
	if (offset >= length || offset >= z->setup_size)
		return;
	uint32_t n = 0;
	while (offset + n < length && offset + n < z->setup_size && b[offset + n] && n < 128)
		n++;
	if (offset + n < length && b[offset + n] == 0) {
		z->version_string = (const char *)b + offset;
		z->version_string_length = n;
	}
}

const char *bzimage_read(struct bzimage *z, const uint8_t *b, size_t length, uint64_t file_size)
{
	__builtin_memset(z, 0, sizeof *z);
	if (length > file_size)
		length = (size_t)file_size;
	if (length < BZ_VERSION + 2 || get32(b, BZ_HEADER) != HDRS_MAGIC)
		return "not a bzImage (no HdrS setup header)";
	z->version = (uint16_t)get16(b, BZ_VERSION);
	if (z->version < 0x0202)
		return "not a bzImage (boot protocol < 2.02)";
	if (get16(b, BZ_BOOT_FLAG) != BOOT_FLAG)
		return "not a bzImage (no 0xAA55 boot flag)";
	/* The header ends where the jump at 0x200 lands. */
	z->header_end = BZ_HEADER + b[BZ_JUMP + 1];
	if (b[BZ_JUMP] != 0xeb || z->header_end > length)
		return "the setup header runs past the end of the file";
	if (z->header_end < BZ_CMD_LINE_PTR + 4)
		return "the setup header is too short for its boot protocol";
	z->loadflags = b[BZ_LOADFLAGS];
	if (!(z->loadflags & BZ_LOADED_HIGH))
		return "a zImage (loadflags without LOADED_HIGH): only a bzImage loads above 1 MiB";

	uint32_t sects = b[BZ_SETUP_SECTS] ? b[BZ_SETUP_SECTS] : DEFAULT_SETUP_SECTS;
	z->setup_size = (sects + 1) * SECTOR;
	if (z->setup_size >= file_size)
		return "setup_sects claims more sectors than the file holds";
	z->kernel_size = file_size - z->setup_size;
	/* syssize counts 16-byte paragraphs; a 16-bit field before 2.04. */
	uint64_t syssize = z->version >= 0x0204 ? get32(b, 0x1f4) : get16(b, 0x1f4);
	if (syssize == 0 || syssize * 16 > z->kernel_size + 15)
		return "syssize claims more than the file holds after the setup code";

	z->code32_start = get32(b, BZ_CODE32_START);
	if (z->code32_start == 0)
		z->code32_start = DEFAULT_CODE32_START;
	z->initrd_addr_max = DEFAULT_INITRD_ADDR_MAX;
	if (z->version >= 0x0203 && z->header_end >= BZ_INITRD_ADDR_MAX + 4)
		z->initrd_addr_max = get32(b, BZ_INITRD_ADDR_MAX);
	z->cmdline_size = DEFAULT_CMDLINE_SIZE;
	if (z->version >= 0x0206 && z->header_end >= BZ_CMDLINE_SIZE + 4)
		z->cmdline_size = get32(b, BZ_CMDLINE_SIZE);
	if (z->version >= 0x0205 && z->header_end >= BZ_RELOCATABLE + 1) {
		z->relocatable = b[BZ_RELOCATABLE] != 0;
		z->kernel_alignment = get32(b, BZ_KERNEL_ALIGNMENT);
		if (z->relocatable && (z->kernel_alignment < 4096 ||
				       (z->kernel_alignment & (z->kernel_alignment - 1))))
			return "kernel_alignment is not a power of two of at least 4 KiB";
	}
	if (z->version >= 0x020c && z->header_end >= BZ_XLOADFLAGS + 2)
		z->xloadflags = (uint16_t)get16(b, BZ_XLOADFLAGS);
	z->pref_address = z->code32_start;
	z->init_size = z->kernel_size;
	if (z->version >= 0x020a && z->header_end >= BZ_INIT_SIZE + 4) {
		z->pref_address = get64(b, BZ_PREF_ADDRESS);
		if (get32(b, BZ_INIT_SIZE) > z->init_size)
			z->init_size = get32(b, BZ_INIT_SIZE);
	}
	read_version_string(z, b, length);
	return 0;
}
