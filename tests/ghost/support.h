/* What the ghost tests share: files, a look into ELF files (written apart
 * from ghost's reader, so the tests do not trust the code they test; only
 * the structure declarations of ghost/elf.h are shared), imports turned into a fake kernel export
 * table, and linking into heap buffers fenced with guard bytes. */
#ifndef GHOSTBOOT_TESTS_GHOST_SUPPORT_H
#define GHOSTBOOT_TESTS_GHOST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ghost/elf.h"
#include "ghost/ghost.h"

/* What the tests damage or look for and ghost itself never needs. */
#define ELFCLASS32 1
#define ELFDATA2MSB 2
#define ET_DYN 3
#define EM_386 3
#define SHF_MERGE 0x10
#define SHF_STRINGS 0x20
#define ELF64_R_INFO(symbol, type) (((uint64_t)(symbol) << 32) | (uint32_t)(type))

#define MAX_MODULES 8
#define MAX_EXPORTS 512
#define GUARD_SIZE 64
#define GUARD_BYTE 0xa5

/* Where the kernel's fake exports live: the sample kernel's range. */
#define FAKE_KERNEL_BASE 0xffffffff80100000ull
/* Where symbols called low_* live: below 4 GiB, for R_X86_64_32. */
#define FAKE_LOW_BASE 0x10000ull

struct file {
	uint8_t *bytes;
	size_t size;
};

/* $BUILD (default "build") followed by `relative`; the result is static. */
const char *build_path(const char *relative);
struct file read_file(const char *path);
void write_file(const char *path, const void *bytes, size_t size);
struct file copy_file(const struct file *file);
/* A module file named after its path: "dir/name.o" gives "name". */
struct ghost_module_file module_file(const struct file *file, const char *path);

/* ELF through <elf.h>; the file must be well-formed. */
Elf64_Ehdr *elf_header(const struct file *file);
Elf64_Shdr *elf_section(const struct file *file, unsigned index);
const char *elf_section_name(const struct file *file, const Elf64_Shdr *section);
Elf64_Shdr *elf_section_named(const struct file *file, const char *name);
unsigned elf_symbol_count(const struct file *file);
Elf64_Sym *elf_symbol(const struct file *file, unsigned index);
const char *elf_symbol_name(const struct file *file, const Elf64_Sym *symbol);
Elf64_Sym *elf_symbol_named(const struct file *file, const char *name);
/* The first relocation applying to section `target` (by name), or NULL;
 * *count gets how many there are. */
Elf64_Rela *elf_relocations_for(const struct file *file, const char *target, unsigned *count);

/* Address a test gives an import: low_* below 4 GiB, the rest in the
 * kernel's range; `n` tells them apart. */
uint64_t fake_address(const char *name, unsigned n);
/* Appends to exports[*count] a fake kernel export for each undefined
 * non-weak symbol of `file` not already there, except those in `skip`
 * (a NULL-terminated list, or NULL), at the version `file` states for it. */
void add_fake_exports(const struct file *file, const char *const *skip,
		      struct ghost_export *exports, uint32_t *count);

/* Placement into heap buffers: module i at base + i * stride (or where the
 * test says), each image fenced by GUARD_SIZE guard bytes on both sides. */
struct placement {
	uint64_t base;
	uint64_t stride;
	bool refuse;
	uint8_t *buffers[MAX_MODULES];
	uint64_t sizes[MAX_MODULES];
};
bool place_in_heap(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
		   uint8_t **image);
/* Whether every guard byte is still intact. */
bool guards_intact(const struct placement *placement);

/* ghost_read_kernel_exports on `file`, opened whole as a kernel by
 * ghost_elf_open first, as stage 2 and the CLI do. */
bool read_kernel_exports(const struct file *file, struct ghost_export *exports,
			 uint32_t capacity, uint32_t *count, struct ghost_error *error);

/* ": <text>" after a failure, "" after success: the tail of a check line. */
const char *failure_text(const struct ghost_error *error);

/* Links with a workspace of exactly ghost_workspace_bound bytes. */
struct link_result {
	bool ok;
	struct ghost_error error;
	struct ghost_linked_module linked[MAX_MODULES];
	uint32_t order[MAX_MODULES];
	struct placement placement;
	void *workspace; /* kept: linked[].imports_from points into it */
};
/* Frees the images and the workspace of a link. */
void release_link(struct link_result *result);
void link_modules(const struct ghost_module_file *modules, uint32_t count,
		  const struct ghost_export *exports, uint32_t export_count, uint64_t base,
		  struct link_result *result);
/* The same with the placement `how` (base, stride, refuse) and a workspace
 * of `workspace_size` bytes (0: the bound). */
void link_placed(const struct ghost_module_file *modules, uint32_t count,
		 const struct ghost_export *exports, uint32_t export_count,
		 const struct placement *how, size_t workspace_size, struct link_result *result);

#endif
