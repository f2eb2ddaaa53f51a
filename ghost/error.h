/* How ghost reports a failure: one struct filled where the problem is found
 * and returned up to the caller, which prints `text`. */
#ifndef GHOSTBOOT_GHOST_ERROR_H
#define GHOSTBOOT_GHOST_ERROR_H

#include <stdbool.h>
#include <stdint.h>

enum ghost_status {
	GHOST_OK,
	GHOST_ERROR_NOT_ELF,            /* too short, or no ELF magic */
	GHOST_ERROR_ELF_CLASS,          /* not ELF64, little-endian, version 1 */
	GHOST_ERROR_ELF_MACHINE,        /* not x86-64 */
	GHOST_ERROR_ELF_TYPE,           /* not ET_REL (a module) or ET_EXEC (a kernel) */
	GHOST_ERROR_SECTION_TABLE,      /* a header table malformed or past the end */
	GHOST_ERROR_SECTION_BOUNDS,     /* a section's bytes beyond the file */
	GHOST_ERROR_SECTION_INDEX,      /* a section index out of range or of the wrong type */
	GHOST_ERROR_STRING_OFFSET,      /* a name outside its string table */
	GHOST_ERROR_SYMBOL_INDEX,       /* a relocation's symbol index out of range */
	GHOST_ERROR_MALFORMED,          /* another field of the file makes no sense */
	GHOST_ERROR_UNSUPPORTED,        /* valid ELF that modules may not use (TLS, REL, ...) */
	GHOST_ERROR_RELOCATION_OFFSET,  /* a relocation's place outside its section */
	GHOST_ERROR_RELOCATION_TYPE,    /* a relocation type other than the six supported */
	GHOST_ERROR_RELOCATION_OVERFLOW,/* the value does not fit the field */
	GHOST_ERROR_UNDEFINED_SYMBOL,   /* an import nobody exports */
	GHOST_ERROR_DUPLICATE_EXPORT,   /* two exporters of one name */
	GHOST_ERROR_COMMON_SYMBOL,      /* a COMMON symbol: build with -fno-common */
	GHOST_ERROR_EXPORT_TABLE,       /* .gbexports malformed */
	GHOST_ERROR_IMPORT_TABLE,       /* .gbimports malformed */
	GHOST_ERROR_MODULE_INFO,        /* .gbmodinfo missing or malformed */
	GHOST_ERROR_VERSION_MISMATCH,   /* built against another version of an import */
	GHOST_ERROR_CYCLE,              /* modules importing from each other in a circle */
	GHOST_ERROR_IMAGE_SIZE,         /* the image would exceed GHOST_IMAGE_SIZE_MAX */
	GHOST_ERROR_PLACEMENT,          /* no memory, or an address not page-aligned */
	GHOST_ERROR_WORKSPACE,          /* the caller's workspace or table is too small */
	GHOST_ERROR_ISOLATION,          /* what isolation cannot give (docs/isolation.md) */
};

#define GHOST_ERROR_TEXT_MAX 200
#define GHOST_NO_MODULE UINT32_MAX

struct ghost_error {
	enum ghost_status status;
	uint32_t module_index; /* the module at fault; GHOST_NO_MODULE for the kernel */
	const char *module;    /* its name, or "kernel" */
	const char *message;   /* static: what is wrong, e.g. "undefined symbol" */
	const char *symbol;    /* the symbol, section or relocation type concerned, or NULL */
	char text[GHOST_ERROR_TEXT_MAX]; /* all of it, e.g. "hello: undefined symbol con_log" */
};

#endif
