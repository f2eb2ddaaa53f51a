/* ghost: the ghost-symbol linker (docs/ghost.md).
 *
 * Links ELF64 x86-64 relocatable modules against the kernel's export table
 * and against each other's exports, in memory the caller provides. Portable
 * C without libc: stage 2, the kernel, the CLI and the host tests build the
 * same sources. Nothing here allocates; every input is untrusted. */
#ifndef GHOSTBOOT_GHOST_H
#define GHOSTBOOT_GHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ghostboot/isolation.h>

#include "ghost/error.h"

/* Module images start on a page and keep text, read-only data and writable
 * data on separate pages, so each can be mapped with its own permissions. */
#define GHOST_PAGE_SIZE 4096u
/* The largest module image; the kernel code model needs far less. */
#define GHOST_IMAGE_SIZE_MAX 0x40000000u

/* One exported symbol: the kernel's table as ghost_read_kernel_exports
 * returns it, or as the caller builds it. */
struct ghost_export {
	const char *name; /* NUL-terminated */
	uint64_t address; /* virtual */
	uint32_t version; /* 0: none stated */
	/* What isolated callers need (docs/isolation.md): struct gb_export's
	 * gate word, and whether the address lies in executable memory (data
	 * cannot be given across privilege). */
	uint32_t gate;
	bool function;
	/* Of a module linked into the kernel isolated (`ghostboot link
	 * --isolated`): a direct module may import only its functions. */
	bool isolated;
	/* For the gate table: the export table holding it. 0: the kernel's
	 * own .gbexports; n: that of entry n - 1 of the kernel's module table
	 * (a module linked into the kernel); and the entry in that table. */
	uint32_t table;
	uint32_t table_index;
};

/* How a module is linked (docs/isolation.md). */
enum ghost_link_mode {
	GHOST_LINK_DIRECT,   /* into the kernel's privilege */
	GHOST_LINK_ISOLATED, /* in ring 3 behind gates, exports through trampolines */
	GHOST_LINK_PROGRAM,  /* isolated, no GB_MODULE, entry `main`, program exports only */
};

/* A module file in memory. `name` (its file name without directory or
 * extension) is used in error messages. */
struct ghost_module_file {
	const uint8_t *bytes;
	size_t size;
	const char *name;
	enum ghost_link_mode mode;
};

/* A byte range of a linked image, as an offset from its start. */
struct ghost_region {
	uint64_t offset;
	uint64_t size;
};

/* The first bytes of `bytes[0, size)` up to its last non-zero byte: all a
 * copy of a region must keep when the rest is filled with zeros (a segment's
 * file bytes, the data a module restart puts back). */
uint64_t ghost_region_used_size(const uint8_t *bytes, uint64_t size);

/* What linking made of one module. Addresses are virtual. */
struct ghost_linked_module {
	/* Where the image runs (from the placement callback), where ghost
	 * wrote it, and its size: a whole number of pages. */
	uint64_t virt_addr;
	uint8_t *image;
	uint64_t size;
	/* Map text read-only and executable, rodata read-only, and data
	 * (.data, then .bss) read-write; neither of the last two executable.
	 * Isolated (and programs): text ends with the gate stubs and the
	 * return stub, data is the stack, .data, .bss and the heap. */
	struct ghost_region text;
	struct ghost_region rodata;
	struct ghost_region data;
	/* From its relocated struct gb_module_info; exit is 0 when it has none.
	 * Isolated: their entry trampolines, which a caller in the kernel's
	 * privilege calls like the functions. Programs: init is main's. */
	uint64_t init;
	uint64_t exit;
	/* Its array of struct gb_export, 0 when it exports nothing. */
	uint64_t exports;
	uint32_t export_count;
	/* Whom it imports from, for ghost_module_imports_from; in the
	 * workspace, so valid as long as the caller keeps that. */
	const uint8_t *imports_from;
	/* Isolated and programs: after the user part (isolation.user_size
	 * bytes from the start), the kernel-only part: the entry trampolines,
	 * mapped read-only and executable, then the gate table, read-only.
	 * Both empty and isolation all 0 for a direct module. */
	enum ghost_link_mode mode;
	struct ghost_region trampolines;
	struct ghost_region gate_table;
	struct gb_isolation isolation;
};

/* Gives module `module` (an index into the request's modules) `size` bytes:
 * the virtual address the image will run at (page-aligned) and the memory
 * ghost writes it to. Returns false when there is no room. */
typedef bool (*ghost_place_fn)(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
			       uint8_t **image);

/* Hears of an undefined symbol nobody exports: `symbol` of module `module`
 * (an index into the request's modules). */
typedef void (*ghost_undefined_fn)(void *context, uint32_t module, const char *symbol);

struct ghost_link_request {
	const struct ghost_export *kernel_exports;
	uint32_t kernel_export_count;
	const struct ghost_module_file *modules;
	uint32_t module_count;
	ghost_place_fn place;
	void *place_context;
	/* Scratch memory for the link: ghost_workspace_bound bytes (plus 7
	 * when not 8-aligned). */
	void *workspace;
	size_t workspace_size;
	/* Optional. NULL: the link stops at the first undefined symbol. Set:
	 * every module's imports are resolved and each undefined symbol is
	 * reported, so a build can name them all; then the link fails, *error
	 * naming the first. */
	ghost_undefined_fn report_undefined;
	void *report_context;
	/* The module table index the first module of the init order will
	 * have (modules linked into the kernel come before): the gate table
	 * names an exporting module by its index there. */
	uint32_t table_base;
};

/* Bytes of workspace that always suffice for modules of `module_bytes` in
 * all, `module_count` of them, and `kernel_export_count` kernel exports.
 * `module_bytes` may be the sum of ghost_module_table_bytes, far less than
 * the files' sizes when a module carries much data. */
uint64_t ghost_workspace_bound(uint64_t module_bytes, uint32_t module_count,
			       uint32_t kernel_export_count);

/* The bytes of a module's section header table and symbol tables, which is
 * all of it the link keeps workspace for; the file's size when its headers
 * are not sound (the link then names the problem). */
uint64_t ghost_module_table_bytes(const struct ghost_module_file *file);

/* Links every module of the request. Each module's imports are resolved by
 * name against the kernel's exports and every other module's; then each
 * module is placed (one call of `place` per module, in request order),
 * copied, and relocated. Fills linked[module_count] and init_order
 * [module_count] (module indices, every module after those it imports
 * from). On failure returns false with *error naming the module and the
 * problem; memory outside the placed images is never written. */
bool ghost_link_modules(const struct ghost_link_request *request,
			struct ghost_linked_module *linked, uint32_t *init_order,
			struct ghost_error *error);

/* Whether `module` imports from module `exporter` (an index into the
 * request's modules): one of its undefined symbols resolved to an export of
 * that module. */
bool ghost_module_imports_from(const struct ghost_linked_module *module, uint32_t exporter);

/* Reads the export table (section ".gbexports") of a kernel: an ELF64
 * x86-64 executable opened whole by ghost_elf_open (ghost/elf_file.h).
 * Sets *count to the number of exports and, when `exports` is not NULL,
 * fills up to `capacity` entries, whose names point into the file's bytes.
 * A kernel without the section exports nothing. */
struct ghost_elf_file;
bool ghost_read_kernel_exports(const struct ghost_elf_file *kernel, struct ghost_export *exports,
			       uint32_t capacity, uint32_t *count, struct ghost_error *error);

/* Whether `address` lies in an executable PT_LOAD segment of a kernel
 * opened whole, or held in pieces with its program header table among them:
 * ghost_read_kernel_exports sets ghost_export.function so. */
bool ghost_kernel_address_executable(const struct ghost_elf_file *kernel, uint64_t address);

/* One import or export of a module, as ghost_describe_module reports it. */
struct ghost_module_symbol {
	const char *name;
	/* An export's version, or the version an import states in
	 * ".gbimports" (GB_IMPORT_VERSION); 0: none. */
	uint32_t version;
	bool weak; /* an import that is 0 when nobody exports it */
	/* An export's offset in the module's image. */
	uint64_t offset;
};

typedef void (*ghost_symbol_fn)(void *context, const struct ghost_module_symbol *symbol);

struct ghost_describe_request {
	struct ghost_module_file module;
	/* Scratch: ghost_workspace_bound(module.size, 1, 0) bytes suffice. */
	void *workspace;
	size_t workspace_size;
	ghost_symbol_fn on_import; /* each undefined symbol, in symbol table order; or NULL */
	ghost_symbol_fn on_export; /* each .gbexports entry, in order; or NULL */
	void *context;
};

/* Reads a module as ghost_link_modules would before placing it (the file,
 * its layout, its declaration, its export and import tables) and reports
 * its imports and exports. Sets *name to the name its struct
 * gb_module_info declares, within the file's bytes. */
bool ghost_describe_module(const struct ghost_describe_request *request, const char **name,
			   struct ghost_error *error);

#endif
