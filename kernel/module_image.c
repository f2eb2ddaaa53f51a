#include "kernel/module_image.h"

#include "ghost/elf.h"
#include "kernel/kstring.h"
#include "kernel/reason.h"

static const char info_section_name[] = GB_MODULE_INFO_SECTION;

/* The section header at `index`, which the caller has bounds-checked. */
static Elf64_Shdr section_header(const uint8_t *image, const Elf64_Ehdr *eh, unsigned index)
{
	Elf64_Shdr sh;
	memcpy(&sh, image + eh->e_shoff + (uint64_t)index * sizeof sh, sizeof sh);
	return sh;
}

static bool check_header(const Elf64_Ehdr *eh, uint64_t size, char *why)
{
	const unsigned char *id = eh->e_ident;
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return reason(why, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS64 || id[EI_DATA] != ELFDATA2LSB)
		return reason(why, "not ELF64 little-endian (class %u, data %u)", id[EI_CLASS],
			      id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return reason(why, "unknown ELF version %u", eh->e_version);
	if (eh->e_type != ET_REL)
		return reason(why, "ELF type %u, not a relocatable object", eh->e_type);
	if (eh->e_machine != EM_X86_64)
		return reason(why, "ELF machine %u, not x86-64", eh->e_machine);
	if (eh->e_ehsize < sizeof(Elf64_Ehdr))
		return reason(why, "ELF header size %u too small", eh->e_ehsize);
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return reason(why, "section header size %u, expected %zu", eh->e_shentsize,
			      sizeof(Elf64_Shdr));
	/* 0 is also how extended numbering begins; a module never needs it. */
	if (eh->e_shnum == 0 || eh->e_shnum >= SHN_LORESERVE)
		return reason(why, "section count %u unsupported", eh->e_shnum);
	if (eh->e_shoff > size || (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size - eh->e_shoff)
		return reason(why, "section header table (offset %#llx, %u entries) beyond the %llu-byte file",
			      (unsigned long long)eh->e_shoff, eh->e_shnum,
			      (unsigned long long)size);
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return reason(why, "section name table index %u out of range", eh->e_shstrndx);
	return true;
}

static bool check_sections(const uint8_t *image, const Elf64_Ehdr *eh, uint64_t size, char *why)
{
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr sh = section_header(image, eh, i);
		if (sh.sh_type == SHT_NULL || sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
			return reason(why, "section %u (offset %#llx, %llu bytes) beyond the %llu-byte file",
				      i, (unsigned long long)sh.sh_offset,
				      (unsigned long long)sh.sh_size, (unsigned long long)size);
	}
	return true;
}

/* Whether the name at `offset` in the string table equals `name`; a name
 * running off the table's end matches nothing. */
static bool section_name_is(const uint8_t *strtab, uint64_t strtab_size, uint32_t offset,
			    const char *name, size_t name_size)
{
	if (offset >= strtab_size || name_size > strtab_size - offset)
		return false;
	return memcmp(strtab + offset, name, name_size) == 0; /* the NUL included */
}

static bool find_info_section(const uint8_t *image, const Elf64_Ehdr *eh, Elf64_Shdr *found,
			      char *why)
{
	Elf64_Shdr names = section_header(image, eh, eh->e_shstrndx);
	if (names.sh_type != SHT_STRTAB)
		return reason(why, "section name table (section %u) has type %u, not STRTAB",
			      eh->e_shstrndx, names.sh_type);
	const uint8_t *strtab = image + names.sh_offset; /* within the file: checked */

	unsigned matches = 0;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr sh = section_header(image, eh, i);
		if (section_name_is(strtab, names.sh_size, sh.sh_name, info_section_name,
				    sizeof info_section_name)) {
			*found = sh;
			matches++;
		}
	}
	if (matches == 0)
		return reason(why, "no %s section: not declared with GB_MODULE", info_section_name);
	if (matches > 1)
		return reason(why, "%u %s sections", matches, info_section_name);
	return true;
}

static bool check_info(const uint8_t *image, const Elf64_Shdr *sh, const char *expected_name,
		       struct module_image *out, char *why)
{
	if (sh->sh_type != SHT_PROGBITS)
		return reason(why, "%s has type %u, not PROGBITS", info_section_name, sh->sh_type);
	if (sh->sh_size != sizeof(struct gb_module_info))
		return reason(why, "%s holds %llu bytes, expected one %zu-byte struct gb_module_info",
			      info_section_name, (unsigned long long)sh->sh_size,
			      sizeof(struct gb_module_info));
	struct gb_module_info info;
	memcpy(&info, image + sh->sh_offset, sizeof info);
	if (info.magic != GB_MODULE_MAGIC)
		return reason(why, "%s magic %#x, expected %#x", info_section_name, info.magic,
			      GB_MODULE_MAGIC);
	if (info.abi_version != GB_MODULE_ABI_VERSION)
		return reason(why, "module ABI version %u, expected %u", info.abi_version,
			      GB_MODULE_ABI_VERSION);
	if (!memchr(info.name, '\0', sizeof info.name))
		return reason(why, "module name in %s is not NUL-terminated", info_section_name);
	if (strcmp(info.name, expected_name) != 0)
		return reason(why, "module declares the name \"%s\", expected \"%s\"", info.name,
			      expected_name);
	memcpy(out->name, info.name, sizeof out->name);
	return true;
}

bool module_image_check(const uint8_t *image, uint64_t size, const char *expected_name,
			struct module_image *out, char *why)
{
	if (size < sizeof(Elf64_Ehdr))
		return reason(why, "%llu bytes: smaller than an ELF header", (unsigned long long)size);
	Elf64_Ehdr eh;
	memcpy(&eh, image, sizeof eh);
	if (!check_header(&eh, size, why) || !check_sections(image, &eh, size, why))
		return false;
	Elf64_Shdr info = { 0 }; /* set by find_info_section when it succeeds */
	if (!find_info_section(image, &eh, &info, why) ||
	    !check_info(image, &info, expected_name, out, why))
		return false;
	out->section_count = eh.e_shnum;
	return true;
}
