/* Reading the module declaration, before linking (magic, ABI version) and
 * after (the relocated init and exit addresses); a program's `main`. */
#include "ghost/modinfo.h"

#include <ghostboot/module.h>

#include "ghost/bytes.h"
#include "ghost/names.h"
#include "ghost/report.h"

/* A program's entry: its global function `main`, in an executable section. */
static bool find_main(struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	for (uint32_t i = 1; i < object->symbol_count; i++) {
		Elf64_Sym symbol = ghost_object_symbol(object, i);
		if (ELF64_ST_BIND(symbol.st_info) != STB_GLOBAL || symbol.st_shndx == SHN_UNDEF ||
		    symbol.st_shndx >= SHN_LORESERVE ||
		    !ghost_names_equal(object->symbol_names + symbol.st_name, "main"))
			continue;
		Elf64_Shdr s = ghost_elf_section(&object->file, symbol.st_shndx);
		if (!ghost_section_is_loaded(&s) || !(s.sh_flags & SHF_EXECINSTR))
			break;
		module->main_symbol = i;
		return true;
	}
	return ghost_elf_fail(&object->file, error, GHOST_ERROR_MODULE_INFO,
			      "no function main: a program defines int main(void)");
}

bool ghost_find_module_info(struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	if (!ghost_object_find_section(object, GB_MODULE_INFO_SECTION, &module->info_section,
				       error))
		return false;
	if (module->mode == GHOST_LINK_PROGRAM) {
		module->info_section = 0;
		return find_main(module, error);
	}
	if (module->info_section == 0)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_MODULE_INFO,
				      "no " GB_MODULE_INFO_SECTION
				      " section: declare the module with GB_MODULE");
	Elf64_Shdr s = ghost_elf_section(&object->file, module->info_section);
	struct gb_module_info info;
	if (!ghost_section_is_loaded(&s) || s.sh_type != SHT_PROGBITS || s.sh_size != sizeof info)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_MODULE_INFO,
				      "malformed " GB_MODULE_INFO_SECTION " section");
	__builtin_memcpy(&info, ghost_elf_section_bytes(&object->file, &s), sizeof info);
	if (info.magic != GB_MODULE_MAGIC || info.abi_version != GB_MODULE_ABI_VERSION)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_MODULE_INFO,
				      "unknown magic or ABI version in " GB_MODULE_INFO_SECTION);
	return true;
}

bool ghost_read_module_entry(const struct ghost_module *module, uint64_t *init, uint64_t *exit,
			     struct ghost_error *error)
{
	if (module->mode == GHOST_LINK_PROGRAM) {
		Elf64_Sym main = ghost_object_symbol(&module->object, module->main_symbol);
		*init = module->base + module->layout.section_offset[main.st_shndx] + main.st_value;
		*exit = 0;
		return true;
	}
	const uint8_t *info =
		module->image + (size_t)module->layout.section_offset[module->info_section];
	*init = ghost_load_le64(info + offsetof(struct gb_module_info, init));
	*exit = ghost_load_le64(info + offsetof(struct gb_module_info, exit));
	if (*init == 0)
		return ghost_elf_fail(&module->object.file, error, GHOST_ERROR_MODULE_INFO,
				      "init is 0 in " GB_MODULE_INFO_SECTION);
	return true;
}
