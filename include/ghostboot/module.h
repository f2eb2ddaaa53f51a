/* Declaring a ghostboot module (docs/kernel.md, docs/contract.md "Ghost symbols").
 *
 * A module is an ELF64 relocatable object. Exactly one struct gb_module_info,
 * placed by GB_MODULE in the section ".gbmodinfo", names it and gives its init
 * and exit functions. The name must equal the module's file name without
 * directory or extension: that is the `name` stage 2 reports in struct
 * gb_module, and the kernel compares the two.
 *
 * In the object file `init` and `exit` are 0 with R_X86_64_64 relocations
 * against them in ".rela.gbmodinfo"; they hold addresses only once linked. */
#ifndef GHOSTBOOT_MODULE_H
#define GHOSTBOOT_MODULE_H

#include <stddef.h>
#include <stdint.h>

#define GB_MODULE_MAGIC 0x494d4247u /* "GBMI" little-endian */
#define GB_MODULE_ABI_VERSION 1
#define GB_MODULE_NAME_MAX 32 /* bytes of name[], its NUL included */
#define GB_MODULE_INFO_SECTION ".gbmodinfo"

struct gb_module_info {
	uint32_t magic;       /* GB_MODULE_MAGIC */
	uint32_t abi_version; /* GB_MODULE_ABI_VERSION */
	char name[GB_MODULE_NAME_MAX]; /* NUL-terminated */
#if __SIZEOF_POINTER__ == 8 && !defined(GB_ABI_ADDRESSES)
	int (*init)(void);  /* returns 0 on success; never 0 */
	void (*exit)(void); /* 0 when the module has none */
#else
	/* The same bytes as a loader sees them (stage 2; the UEFI loader defines
	 * GB_ABI_ADDRESSES): 64-bit addresses in the kernel's space. */
	uint64_t init;
	uint64_t exit;
#endif
};
_Static_assert(sizeof(struct gb_module_info) == 56, "module info is 56 bytes");
_Static_assert(offsetof(struct gb_module_info, init) == 40, "init at offset 40");

/* Declares the module; use once per module, at file scope:
 *     GB_MODULE("console", console_module_init, 0);
 * The name is a string literal of 1 to GB_MODULE_NAME_MAX - 1 characters. */
#define GB_MODULE(name_, init_, exit_)                                                   \
	_Static_assert(sizeof(name_) > 1 && sizeof(name_) <= GB_MODULE_NAME_MAX,         \
		       "GB_MODULE: the name is 1 to 31 characters");                     \
	__attribute__((section(GB_MODULE_INFO_SECTION), used, aligned(8))) static const \
		struct gb_module_info gb_module_info_ = {                                \
			.magic = GB_MODULE_MAGIC,                                        \
			.abi_version = GB_MODULE_ABI_VERSION,                            \
			.name = name_,                                                   \
			.init = init_,                                                   \
			.exit = exit_,                                                   \
		}

#endif
