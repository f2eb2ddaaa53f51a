/* Whether a module file arrived intact: a well-formed x86-64 ELF relocatable
 * carrying the right struct gb_module_info. Portable: the host tests build
 * it too (tests/kernel/test_module_image.c), with ghost's reader. */
#ifndef KERNEL_MODULE_IMAGE_H
#define KERNEL_MODULE_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/module.h>

struct module_image {
	uint16_t section_count;
	char name[GB_MODULE_NAME_MAX]; /* from .gbmodinfo, NUL-terminated */
};

/* Checks the `size` bytes at `image`: through ghost's ELF reader
 * (ghost/elf_file.h), ELF64 little-endian x86-64 ET_REL, the section header
 * table, every section's bytes within `size` and every section's name; one
 * ".gbmodinfo" section (found by name) holding one struct gb_module_info
 * with GB_MODULE_MAGIC, the ABI version we know, and the name
 * `expected_name`. Fills *out and returns true, or writes
 * the reason to why[REASON_MAX] and returns false. Reads nothing outside
 * [image, image + size). */
bool module_image_check(const uint8_t *image, uint64_t size, const char *expected_name,
			struct module_image *out, char *why);

#endif
