/* Reading a relocatable object (gABI "Sections", "Symbol Table",
 * "Relocation"). After ghost_object_read every index, offset and size the
 * other files use has been checked, so they read without further tests. */
#include "ghost/object.h"

#include "ghost/ghost.h"
#include "ghost/names.h"
#include "ghost/report.h"

bool ghost_section_is_loaded(const Elf64_Shdr *section)
{
	return (section->sh_flags & SHF_ALLOC) != 0;
}

Elf64_Sym ghost_object_symbol(const struct ghost_object *object, uint32_t index)
{
	Elf64_Shdr table = ghost_elf_section(&object->file, object->symbol_table);
	Elf64_Sym symbol;
	__builtin_memcpy(&symbol,
			 ghost_elf_section_bytes(&object->file, &table) +
				 (size_t)index * sizeof symbol,
			 sizeof symbol);
	return symbol;
}

const char *ghost_object_symbol_name(const struct ghost_object *object, const Elf64_Sym *symbol)
{
	if (ELF64_ST_TYPE(symbol->st_info) == STT_SECTION && symbol->st_shndx != SHN_UNDEF &&
	    symbol->st_shndx < object->file.header.e_shnum) {
		Elf64_Shdr section = ghost_elf_section(&object->file, symbol->st_shndx);
		return ghost_elf_section_name(&object->file, &section);
	}
	return object->symbol_names + symbol->st_name;
}

size_t ghost_object_relocation_count(const Elf64_Shdr *relocations)
{
	return (size_t)relocations->sh_size / sizeof(Elf64_Rela);
}

Elf64_Rela ghost_object_relocation(const struct ghost_object *object, const Elf64_Shdr *relocations,
				   size_t index)
{
	Elf64_Rela rela;
	__builtin_memcpy(&rela,
			 ghost_elf_section_bytes(&object->file, relocations) + index * sizeof rela,
			 sizeof rela);
	return rela;
}

bool ghost_object_find_section(const struct ghost_object *object, const char *name, uint32_t *index,
			       struct ghost_error *error)
{
	*index = 0;
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (!ghost_names_equal(ghost_elf_section_name(&object->file, &s), name))
			continue;
		if (*index != 0) {
			ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED,
				       "more than one section called");
			ghost_fail_symbol(error, name);
			return false;
		}
		*index = i;
	}
	return true;
}

bool ghost_object_find_relocations(const struct ghost_object *object, uint32_t target,
				   uint32_t *index, struct ghost_error *error)
{
	*index = 0;
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (s.sh_type != SHT_RELA || s.sh_info != target)
			continue;
		if (*index != 0)
			return ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED,
					      "two relocation sections for one section");
		*index = i;
	}
	return true;
}

/* An array of fixed-size entries: the size a multiple of the entry size.
 * The check is done in size_t, which needs no 64-bit division helper in
 * 32-bit code; the section lies in the file, so its size fits. */
static bool check_table(const struct ghost_object *object, const Elf64_Shdr *section,
			size_t entry_size, const char *what, struct ghost_error *error)
{
	if (section->sh_entsize == entry_size && (size_t)section->sh_size % entry_size == 0)
		return true;
	ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED, "malformed table:");
	ghost_fail_symbol(error, what);
	return false;
}

static bool find_symbol_table(struct ghost_object *object, struct ghost_error *error)
{
	object->symbol_table = 0;
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (s.sh_type != SHT_SYMTAB)
			continue;
		if (object->symbol_table != 0)
			return ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED,
					      "more than one symbol table");
		object->symbol_table = i;
	}
	if (object->symbol_table == 0)
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED,
				      "no symbol table");
	Elf64_Shdr table = ghost_elf_section(&object->file, object->symbol_table);
	if (!check_table(object, &table, sizeof(Elf64_Sym), "symbol table", error) ||
	    !ghost_elf_string_table(&object->file, table.sh_link, &object->symbol_names,
				    &object->symbol_names_size, error))
		return false;
	if (table.sh_size > (uint64_t)UINT32_MAX * sizeof(Elf64_Sym))
		return ghost_elf_fail(&object->file, error, GHOST_ERROR_MALFORMED,
				      "more than 2^32 symbols");
	object->symbol_count = (uint32_t)((size_t)table.sh_size / sizeof(Elf64_Sym));
	return true;
}

static bool check_symbol(const struct ghost_object *object, uint32_t index,
			 struct ghost_error *error)
{
	Elf64_Sym symbol = ghost_object_symbol(object, index);
	if (symbol.st_name >= object->symbol_names_size) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_STRING_OFFSET,
			       "name outside the string table: symbol");
		ghost_fail_number(error, index);
		return false;
	}
	const char *name = ghost_object_symbol_name(object, &symbol);
	if (symbol.st_shndx == SHN_COMMON) {
		/* A tentative definition: the linker would have to allocate it;
		 * build modules with -fno-common. */
		ghost_elf_fail(&object->file, error, GHOST_ERROR_COMMON_SYMBOL,
			       "COMMON symbol (build with -fno-common)");
		ghost_fail_symbol(error, name);
		return false;
	}
	if (ELF64_ST_TYPE(symbol.st_info) == STT_TLS) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_UNSUPPORTED,
			       "thread-local symbol not supported:");
		ghost_fail_symbol(error, name);
		return false;
	}
	if (symbol.st_shndx == SHN_UNDEF || symbol.st_shndx == SHN_ABS)
		return true;
	if (symbol.st_shndx >= object->file.header.e_shnum) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_SECTION_INDEX,
			       "section index out of range in symbol");
		ghost_fail_symbol(error, name);
		return false;
	}
	return true;
}

static bool check_section(const struct ghost_object *object, uint32_t index,
			  struct ghost_error *error)
{
	Elf64_Shdr s = ghost_elf_section(&object->file, index);
	const char *name = ghost_elf_section_name(&object->file, &s);
	if (ghost_section_is_loaded(&s)) {
		if ((s.sh_addralign & (s.sh_addralign - 1)) != 0 ||
		    s.sh_addralign > GHOST_PAGE_SIZE) {
			ghost_elf_fail(&object->file, error, GHOST_ERROR_UNSUPPORTED,
				       "alignment not a power of two up to a page: section");
			ghost_fail_symbol(error, name);
			return false;
		}
		if (s.sh_flags & SHF_TLS) {
			ghost_elf_fail(&object->file, error, GHOST_ERROR_UNSUPPORTED,
				       "thread-local storage not supported: section");
			ghost_fail_symbol(error, name);
			return false;
		}
	}
	if (s.sh_type == SHT_REL) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_UNSUPPORTED,
			       "REL relocations (x86-64 uses RELA) in section");
		ghost_fail_symbol(error, name);
		return false;
	}
	if (s.sh_type != SHT_RELA)
		return true;
	if (!check_table(object, &s, sizeof(Elf64_Rela), name, error))
		return false;
	if (s.sh_link != object->symbol_table || s.sh_info == SHN_UNDEF ||
	    s.sh_info >= object->file.header.e_shnum) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_SECTION_INDEX,
			       "symbol table or target section index out of range in");
		ghost_fail_symbol(error, name);
		return false;
	}
	return true;
}

bool ghost_object_read(struct ghost_object *object, const uint8_t *bytes, size_t size,
		       const char *name, uint32_t module_index, struct ghost_error *error)
{
	if (!ghost_elf_open(&object->file, bytes, size, name, module_index, ET_REL, error) ||
	    !find_symbol_table(object, error))
		return false;
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++)
		if (!check_section(object, i, error))
			return false;
	for (uint32_t i = 1; i < object->symbol_count; i++)
		if (!check_symbol(object, i, error))
			return false;
	return true;
}
