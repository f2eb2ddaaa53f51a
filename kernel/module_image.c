#include "kernel/module_image.h"

#include "ghost/elf_file.h"
#include "ghost/report.h"
#include "kernel/kstring.h"
#include "kernel/reason.h"

static const char info_section_name[] = GB_MODULE_INFO_SECTION;

/* Found by name: ghost_elf_open checked that every name lies in the table. */
static bool find_info_section(const struct ghost_elf_file *elf, Elf64_Shdr *found, char *why)
{
	unsigned matches = 0;
	for (uint32_t i = 0; i < elf->header.e_shnum; i++) {
		Elf64_Shdr sh = ghost_elf_section(elf, i);
		if (strcmp(ghost_elf_section_name(elf, &sh), info_section_name) == 0) {
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

static bool check_info(const struct ghost_elf_file *elf, const Elf64_Shdr *sh,
		       const char *expected_name, struct module_image *out, char *why)
{
	if (sh->sh_type != SHT_PROGBITS)
		return reason(why, "%s has type %u, not PROGBITS", info_section_name, sh->sh_type);
	if (sh->sh_size != sizeof(struct gb_module_info))
		return reason(why, "%s holds %llu bytes, expected one %zu-byte struct gb_module_info",
			      info_section_name, (unsigned long long)sh->sh_size,
			      sizeof(struct gb_module_info));
	struct gb_module_info info;
	memcpy(&info, ghost_elf_section_bytes(elf, sh), sizeof info);
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
	struct ghost_elf_file elf;
	struct ghost_error error;
	if (!ghost_elf_open(&elf, image, (size_t)size, expected_name, 0, ET_REL, &error))
		return reason(why, "%s", ghost_error_detail(&error));
	Elf64_Shdr info = { 0 }; /* set by find_info_section when it succeeds */
	if (!find_info_section(&elf, &info, why) ||
	    !check_info(&elf, &info, expected_name, out, why))
		return false;
	out->section_count = elf.header.e_shnum;
	return true;
}
