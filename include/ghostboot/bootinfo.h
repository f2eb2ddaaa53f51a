/* The boot information stage 2 hands the kernel in RDI (docs/bootinfo.md).
 *
 * Every pointer field is a 64-bit physical address below 4 GiB; stage 2
 * identity-maps the first 4 GiB, so the kernel may dereference them as they
 * are until it replaces the page tables. Fields are only ever appended: a
 * kernel checks `version` and reads `size` bytes at most. */
#ifndef GHOSTBOOT_BOOTINFO_H
#define GHOSTBOOT_BOOTINFO_H

#include <stdint.h>

#include <ghostboot/isolation.h>

#define GB_BOOTINFO_MAGIC 0x544f4f4254534847ull /* "GHSTBOOT" little-endian */
#define GB_BOOTINFO_VERSION 6 /* 3: the raw file table; 4: the display; 5: ACPI, firmware;
				6: isolation, restarts, programs */

/* Memory map entry types, as the BIOS E820 call reports them. */
enum gb_memory_type {
	GB_MEMORY_USABLE = 1,
	GB_MEMORY_RESERVED = 2,
	GB_MEMORY_ACPI_RECLAIMABLE = 3,
	GB_MEMORY_ACPI_NVS = 4,
	GB_MEMORY_BAD = 5,
	/* Usable RAM that the loader filled: the kernel, modules, boot info. */
	GB_MEMORY_LOADER = 0x1000,
};

struct gb_memory_region {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum gb_memory_type */
	uint32_t reserved;
};
_Static_assert(sizeof(struct gb_memory_region) == 24, "memory region is 24 bytes");

enum gb_module_flags {
	GB_MODULE_OPTIONAL = 1 << 0,      /* marked `optional` in the configuration */
	GB_MODULE_HASH_VERIFIED = 1 << 1, /* a sha256= pin was checked and matched */
	GB_MODULE_PRELINKED = 1 << 2,     /* linked into the kernel by `ghostboot link` */
	GB_MODULE_ISOLATED = 1 << 3,      /* runs in ring 3 behind gates (docs/isolation.md) */
};

/* One module, linked and mapped. The table lists modules in init order:
 * every module after the modules it imports from. */
struct gb_module {
	uint64_t name;      /* NUL-terminated: the file name without directory or extension */
	uint64_t path;      /* NUL-terminated: the path as the configuration wrote it */
	uint64_t file_addr; /* physical address of the module file's bytes; 0 when prelinked */
	uint64_t file_size;
	uint64_t virt_addr; /* the linked image: text, then read-only data, then data and bss */
	uint64_t phys_addr;
	uint64_t size;      /* bytes of the image, a whole number of pages */
	uint64_t init;      /* virtual address of int init(void); 0 when none */
	uint64_t exit;      /* virtual address of void exit(void); 0 when none */
	uint64_t exports;   /* virtual address of its struct gb_export array; 0 when none */
	uint32_t export_count;
	uint32_t flags;     /* enum gb_module_flags */
	uint64_t depends;   /* physical address of uint32_t[depends_count]: the indices */
	uint32_t depends_count; /* in this table of the modules it imports from */
	uint32_t reserved;
};
_Static_assert(sizeof(struct gb_module) == 104, "module entry is 104 bytes");

/* One raw file (a `file` line of the configuration): its bytes as they are
 * on disk, not linked or looked into. Fields and flags are named as in
 * struct gb_module (GB_MODULE_OPTIONAL, GB_MODULE_HASH_VERIFIED). */
struct gb_file {
	uint64_t path;      /* NUL-terminated: the path as the configuration wrote it */
	uint64_t file_addr; /* physical address of the bytes, page-aligned */
	uint64_t file_size; /* bytes of the file; may be 0 */
	uint32_t flags;     /* enum gb_module_flags */
	uint32_t reserved;
};
_Static_assert(sizeof(struct gb_file) == 32, "file entry is 32 bytes");

/* What the framebuffer holds; the values are Multiboot's. */
enum gb_framebuffer_type {
	GB_FRAMEBUFFER_INDEXED = 0,  /* 8-bit pixels, colors from the palette */
	GB_FRAMEBUFFER_RGB = 1,      /* direct color: the fields below place each primary */
	GB_FRAMEBUFFER_EGA_TEXT = 2, /* VGA text: width x height characters of 16 bits */
};

/* The display: a linear framebuffer set from the entry's `video` line, else
 * the VGA text screen (EGA text, 80 x 25 characters at 0xb8000). */
struct gb_framebuffer {
	uint64_t addr;
	uint32_t pitch;  /* bytes from one line to the next */
	uint32_t width;  /* pixels, or characters in text */
	uint32_t height;
	uint32_t palette_count; /* indexed: colors in the palette; else 0 */
	uint8_t bpp;
	uint8_t type; /* enum gb_framebuffer_type */
	uint8_t red_position, red_size; /* RGB: bit position and width of each primary */
	uint8_t green_position, green_size;
	uint8_t blue_position, blue_size;
	uint64_t palette; /* indexed: palette_count x {red, green, blue} bytes */
};
_Static_assert(sizeof(struct gb_framebuffer) == 40, "framebuffer is 40 bytes");

enum gb_firmware {
	GB_FIRMWARE_BIOS = 1, /* stage 1 and stage 2 */
	GB_FIRMWARE_UEFI = 2, /* the UEFI loader, after ExitBootServices */
};

/* Version 6: what the kernel needs to run a module isolated and to restart
 * it, one entry per module table entry, in the same order. */
struct gb_module_runtime {
	struct gb_isolation isolation; /* all 0 unless the module is GB_MODULE_ISOLATED */
	/* The writable region (data, then bss; for an isolated module also its
	 * stack and heap) as an offset into the image and a size, and a copy
	 * of its first data_copy_size bytes as linked, before any init ran
	 * (physical, loader memory): a restart puts the copy back and zeroes
	 * the rest. data_copy is 0 when the region holds no initialised data. */
	uint64_t data_offset;
	uint64_t data_size;
	uint64_t data_copy;
	uint64_t data_copy_size;
};
_Static_assert(sizeof(struct gb_module_runtime) == 88, "module runtime is 88 bytes");

/* Version 6: a program (a `program` line), linked against the exports the
 * kernel offers programs and run in ring 3 after module init. */
struct gb_program {
	uint64_t name;  /* NUL-terminated: the file name without directory or extension */
	uint64_t path;  /* NUL-terminated: the path as the configuration wrote it */
	uint64_t virt_addr;
	uint64_t phys_addr;
	uint64_t size;  /* bytes of the image, a whole number of pages */
	uint64_t entry; /* virtual address of int main(void) */
	struct gb_isolation isolation;
};
_Static_assert(sizeof(struct gb_program) == 104, "program entry is 104 bytes");

/* A boot partition number of 0 means the filesystem spans the whole disk. */
struct gb_bootinfo {
	uint64_t magic;   /* GB_BOOTINFO_MAGIC */
	uint32_t version; /* GB_BOOTINFO_VERSION */
	uint32_t size;    /* sizeof(struct gb_bootinfo) as the loader knew it */

	uint64_t loader_name; /* NUL-terminated, e.g. "ghostboot 0.1" */
	uint64_t cmdline;     /* NUL-terminated, empty when the entry has none */
	uint64_t entry_name;  /* NUL-terminated name of the configuration entry booted */

	uint64_t memory_map; /* array of struct gb_memory_region, sorted by base */
	uint32_t memory_map_count;
	uint32_t module_count;
	uint64_t modules; /* array of struct gb_module, in init order */

	uint64_t kernel_phys_start; /* lowest and one past the highest byte of the kernel */
	uint64_t kernel_phys_end;

	uint32_t boot_drive;     /* BIOS drive number: 0x00 floppy A:, 0x80 first hard disk */
	uint32_t boot_partition; /* 1-based partition number; 0 for a whole-disk filesystem */
	uint64_t boot_partition_lba;

	/* Version 3 */
	uint64_t files; /* array of struct gb_file, in configuration order */
	uint32_t file_count;
	uint32_t reserved;

	struct gb_framebuffer framebuffer; /* version 4 */

	/* Version 5 */
	uint64_t rsdp;     /* the ACPI RSDP's physical address; 0 when none was found */
	uint32_t firmware; /* enum gb_firmware: what started the loader */
	uint32_t reserved2;

	/* Version 6 */
	uint64_t module_runtime; /* struct gb_module_runtime[module_count], as `modules` */
	uint64_t programs;       /* struct gb_program[program_count], in configuration order */
	uint32_t program_count;
	uint32_t restart_limit;  /* `restart N`: restarts the kernel may make of a module */
};
_Static_assert(sizeof(struct gb_bootinfo) == 192, "boot info is 192 bytes");

#endif
