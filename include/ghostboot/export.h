/* Exporting and importing ghost symbols (docs/ghost.md, docs/contract.md "Ghost symbols").
 *
 * The kernel and modules mark what they export with GB_EXPORT; nothing else
 * of theirs is visible to a module. Each mark is one struct gb_export in the
 * section ".gbexports": a pointer to the exported name, the address, and a
 * version. In an object file both pointers are 0 with R_X86_64_64 relocations
 * in ".rela.gbexports" (at offsets 0 and 8 of the entry); in a linked image
 * (the kernel ELF, a module once linked) they hold virtual addresses, so the
 * section is then an array a reader walks as it is.
 *
 * A module may state the version of an import it was built against with
 * GB_IMPORT_VERSION: one struct gb_import in ".gbimports" whose address field
 * carries an R_X86_64_64 relocation against the imported symbol. The linker
 * refuses the module when the exporter's version differs. */
#ifndef GHOSTBOOT_EXPORT_H
#define GHOSTBOOT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#define GB_EXPORTS_SECTION ".gbexports"
#define GB_IMPORTS_SECTION ".gbimports"

struct gb_export {
#if __SIZEOF_POINTER__ == 8 && !defined(GB_ABI_ADDRESSES)
	const char *name;    /* NUL-terminated, the symbol's name */
	const void *address; /* the function (or object) exported */
#else
	/* The same bytes as a loader sees them (stage 2; the UEFI loader defines
	 * GB_ABI_ADDRESSES): 64-bit addresses in the kernel's space. */
	uint64_t name;
	uint64_t address;
#endif
	uint32_t version; /* 0 when GB_EXPORT stated none */
	uint32_t gate;    /* how a gate checks a call from ring 3: GB_GATE_ARGS of
			     <ghostboot/isolation.h>; 0: isolated callers may not import it */
};
_Static_assert(sizeof(struct gb_export) == 24, "export entry is 24 bytes");
_Static_assert(offsetof(struct gb_export, address) == 8, "address at offset 8");
_Static_assert(offsetof(struct gb_export, version) == 16, "version at offset 16");

struct gb_import {
#if __SIZEOF_POINTER__ == 8 && !defined(GB_ABI_ADDRESSES)
	const void *address; /* the imported symbol; its relocation names it */
#else
	uint64_t address;
#endif
	uint32_t version;  /* the exporter's version this module was built against */
	uint32_t reserved; /* 0 */
};
_Static_assert(sizeof(struct gb_import) == 16, "import entry is 16 bytes");
_Static_assert(offsetof(struct gb_import, version) == 8, "version at offset 8");

/* Exports `fn` under its own name, at file scope after its declaration:
 *     int kprintf(const char *fmt, ...);
 *     GB_EXPORT(kprintf);
 * GB_EXPORT_VERSION gives the export a version (a positive number you raise
 * when the function's contract changes). */
/* GB_EXPORT_GATE also says how a gate checks each argument when an isolated
 * module or a program calls it (GB_GATE_ARGS, <ghostboot/isolation.h>):
 *     GB_EXPORT_GATE(console_write, 0,
 *                    GB_GATE_ARGS(GB_ARG_IN + 1, GB_ARG_INT, 0, 0, 0, 0));
 * Without it, only modules linked into the kernel's privilege may import it. */
#define GB_EXPORT(fn_) GB_EXPORT_VERSION(fn_, 0)
#define GB_EXPORT_VERSION(fn_, version_) GB_EXPORT_GATE(fn_, version_, 0)
#define GB_EXPORT_GATE(fn_, version_, gate_)                                            \
	__attribute__((section(GB_EXPORTS_SECTION), used, aligned(8))) static const     \
		struct gb_export gb_export_##fn_ = {                                    \
			.name = #fn_,                                                   \
			.address = (const void *)&fn_,                                  \
			.version = (version_),                                          \
			.gate = (gate_),                                                \
		}

/* States that this module was built against version `version_` of the
 * imported `sym`, at file scope after its declaration:
 *     GB_IMPORT_VERSION(crc32, CRC32_VERSION);
 * Usually the version is a macro in the exporter's header, so that a module
 * built against an older header is refused instead of miscalled. */
#define GB_IMPORT_VERSION(sym_, version_)                                               \
	__attribute__((section(GB_IMPORTS_SECTION), used, aligned(8))) static const     \
		struct gb_import gb_import_##sym_ = {                                   \
			.address = (const void *)&sym_,                                 \
			.version = (version_),                                          \
		}

#endif
