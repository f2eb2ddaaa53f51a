/* Reading the module declaration, before linking (magic, ABI version) and
 * after (the relocated init and exit addresses). */
#include "ghost/modinfo.h"

#include <ghostboot/module.h>

#include "ghost/bytes.h"
#include "ghost/report.h"

bool ghost_find_module_info(struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	if (!ghost_object_find_section(object, GB_MODULE_INFO_SECTION, &module->info_section,
				       error))
		return false;
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
	const uint8_t *info =
		module->image + (size_t)module->layout.section_offset[module->info_section];
	*init = ghost_load_le64(info + offsetof(struct gb_module_info, init));
	*exit = ghost_load_le64(info + offsetof(struct gb_module_info, exit));
	if (*init == 0)
		return ghost_elf_fail(&module->object.file, error, GHOST_ERROR_MODULE_INFO,
				      "init is 0 in " GB_MODULE_INFO_SECTION);
	return true;
}
