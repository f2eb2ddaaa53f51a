/* ELF64 structures as the System V gABI and the x86-64 psABI define them.
 * Declared once here for the kernel loader, the module linker and the CLI. */
#ifndef GHOSTBOOT_GHOST_ELF_H
#define GHOSTBOOT_GHOST_ELF_H

#include <stdint.h>

#define ELF_MAGIC "\177ELF"
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_REL 1
#define ET_EXEC 2
#define EM_X86_64 62

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

enum { EI_MAG0, EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_NIDENT = 16 };

typedef struct {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf64_Ehdr;
_Static_assert(sizeof(Elf64_Ehdr) == 64, "ELF64 file header");

typedef struct {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
} Elf64_Phdr;
_Static_assert(sizeof(Elf64_Phdr) == 56, "ELF64 program header");

typedef struct {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
} Elf64_Shdr;
_Static_assert(sizeof(Elf64_Shdr) == 64, "ELF64 section header");

#endif
