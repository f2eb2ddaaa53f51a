/* A Linux bzImage's setup header (the x86 boot protocol, 2.02 and later;
 * docs/linux.md). Portable: stage 2 reads it before placing a kernel,
 * `ghostboot inspect` to describe one. Every field is checked against the
 * bytes given and the file's size; a problem comes back as a static phrase
 * for the caller to print after the file's name. */
#ifndef GHOSTBOOT_LINUX_BZIMAGE_H
#define GHOSTBOOT_LINUX_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of the file's start the reader needs: the boot sector and the
 * setup header, which ends before 0x0202 + 0xff. */
#define BZIMAGE_HEAD_SIZE 1024u

/* Offsets in the file and in boot_params, where the header is copied to. */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_VID_MODE 0x1fa
#define BZ_BOOT_FLAG 0x1fe
#define BZ_JUMP 0x200
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_KERNEL_VERSION 0x20e
#define BZ_TYPE_OF_LOADER 0x210
#define BZ_LOADFLAGS 0x211
#define BZ_CODE32_START 0x214
#define BZ_RAMDISK_IMAGE 0x218
#define BZ_RAMDISK_SIZE 0x21c
#define BZ_HEAP_END_PTR 0x224
#define BZ_CMD_LINE_PTR 0x228
#define BZ_INITRD_ADDR_MAX 0x22c
#define BZ_KERNEL_ALIGNMENT 0x230
#define BZ_RELOCATABLE 0x234
#define BZ_MIN_ALIGNMENT 0x235
#define BZ_XLOADFLAGS 0x236
#define BZ_CMDLINE_SIZE 0x238
#define BZ_PREF_ADDRESS 0x258
#define BZ_INIT_SIZE 0x260

/* loadflags */
#define BZ_LOADED_HIGH 0x01
#define BZ_CAN_USE_HEAP 0x80
/* xloadflags */
#define BZ_XLF_KERNEL_64 0x01
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define BZ_XLF_EFI_HANDOVER_32 0x04
#define BZ_XLF_EFI_HANDOVER_64 0x08

struct bzimage {
	uint16_t version;        /* 0x020f is 2.15 */
	uint8_t loadflags;
	uint16_t xloadflags;     /* 0 before 2.12 */
	uint32_t header_end;     /* offset one past the setup header */
	uint32_t setup_size;     /* bytes before the protected-mode kernel */
	uint64_t kernel_size;    /* the protected-mode kernel: the rest of the file */
	uint32_t code32_start;
	uint32_t initrd_addr_max; /* the highest byte an initrd may use */
	uint32_t cmdline_size;    /* bytes of command line, the NUL not counted */
	uint8_t relocatable;      /* 0 before 2.05 */
	uint32_t kernel_alignment; /* a power of two when relocatable */
	uint64_t pref_address;     /* where it runs best; code32_start before 2.10 */
	uint64_t init_size;        /* memory from the load address it needs to start */
	const char *version_string; /* within the bytes given, else 0 */
	uint32_t version_string_length;
};

/* Reads the header from the first `length` bytes of a file of `file_size`
 * bytes (`length` >= BZIMAGE_HEAD_SIZE unless the file is shorter).
 * Returns 0, or what is wrong: "not a bzImage (boot protocol < 2.02)". */
const char *bzimage_read(struct bzimage *image, const uint8_t *bytes, size_t length,
			 uint64_t file_size);

#endif
