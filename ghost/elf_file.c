/* Opening an ELF64 file: the header, an executable's program headers, the
 * section header table and the section names (gABI "ELF Header", "Program
 * Header", "Sections"). Every offset and size read from the file is checked
 * against the file's size before use. */
#include "ghost/elf_file.h"

#include "ghost/ghost.h"
#include "ghost/report.h"

bool ghost_elf_fail(const struct ghost_elf_file *file, struct ghost_error *error,
		    enum ghost_status status, const char *message)
{
	return ghost_fail(error, status, file->module_index, file->name, message);
}

/* ghost_elf_fail naming the program header: "<message> <index>". */
static bool segment_fail(const struct ghost_elf_file *file, struct ghost_error *error,
			 enum ghost_status status, const char *message, uint32_t index)
{
	ghost_elf_fail(file, error, status, message);
	ghost_fail_number(error, index);
	return false;
}

const uint8_t *ghost_elf_bytes(const struct ghost_elf_file *file, uint64_t offset, uint64_t size)
{
	if (offset > file->size || size > file->size - offset)
		return NULL;
	if (file->bytes)
		return file->bytes + (size_t)offset;
	for (uint32_t i = 0; i < file->piece_count; i++) {
		const struct ghost_elf_piece *p = &file->pieces[i];
		if (offset >= p->offset && offset - p->offset <= p->size &&
		    size <= p->size - (offset - p->offset))
			return p->bytes + (size_t)(offset - p->offset);
	}
	return NULL;
}

/* The header tables are held whole (the file, or a piece the loader read
 * before asking), so only the whole-file case is the fast one. */
Elf64_Phdr ghost_elf_segment(const struct ghost_elf_file *file, uint32_t index)
{
	Elf64_Phdr segment;
	uint64_t offset = file->header.e_phoff + (uint64_t)index * sizeof segment;
	__builtin_memcpy(&segment,
			 file->bytes ? file->bytes + (size_t)offset
				     : ghost_elf_bytes(file, offset, sizeof segment),
			 sizeof segment);
	return segment;
}

Elf64_Shdr ghost_elf_section(const struct ghost_elf_file *file, uint32_t index)
{
	Elf64_Shdr section;
	uint64_t offset = file->header.e_shoff + (uint64_t)index * sizeof section;
	__builtin_memcpy(&section,
			 file->bytes ? file->bytes + (size_t)offset
				     : ghost_elf_bytes(file, offset, sizeof section),
			 sizeof section);
	return section;
}

const char *ghost_elf_section_name(const struct ghost_elf_file *file, const Elf64_Shdr *section)
{
	return file->section_names + section->sh_name;
}

const uint8_t *ghost_elf_section_bytes(const struct ghost_elf_file *file, const Elf64_Shdr *section)
{
	if (file->bytes)
		return file->bytes + (size_t)section->sh_offset;
	return ghost_elf_bytes(file, section->sh_offset, section->sh_size);
}

static bool check_identity(const struct ghost_elf_file *file, uint16_t type,
			   struct ghost_error *error)
{
	const Elf64_Ehdr *h = &file->header;
	if (__builtin_memcmp(h->e_ident, ELF_MAGIC, 4) != 0)
		return ghost_elf_fail(file, error, GHOST_ERROR_NOT_ELF, "not an ELF file");
	if (h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_ident[EI_DATA] != ELFDATA2LSB ||
	    h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
		return ghost_elf_fail(file, error, GHOST_ERROR_ELF_CLASS,
				      "not an ELF64 little-endian version 1 file");
	if (h->e_machine != EM_X86_64) {
		ghost_elf_fail(file, error, GHOST_ERROR_ELF_MACHINE,
			       "not built for x86-64: machine");
		ghost_fail_number(error, h->e_machine);
		return false;
	}
	if (h->e_type != type) {
		ghost_elf_fail(file, error, GHOST_ERROR_ELF_TYPE,
			       type == ET_REL ? "not a relocatable object: ELF type"
					      : "not an executable: ELF type");
		ghost_fail_number(error, h->e_type);
		return false;
	}
	if (h->e_ehsize < sizeof(Elf64_Ehdr)) {
		ghost_elf_fail(file, error, GHOST_ERROR_MALFORMED, "ELF header size below 64:");
		ghost_fail_number(error, h->e_ehsize);
		return false;
	}
	return true;
}

static bool check_program_header_table(const struct ghost_elf_file *file,
				       struct ghost_error *error)
{
	const Elf64_Ehdr *h = &file->header;
	if (h->e_phentsize != sizeof(Elf64_Phdr))
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "program header size is not 56");
	if (h->e_phnum == 0)
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "no program headers");
	/* The real count would be in section 0, which a kernel never needs. */
	if (h->e_phnum == PN_XNUM)
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "program header count extended (PN_XNUM)");
	if (h->e_phoff > file->size ||
	    (uint64_t)h->e_phnum * sizeof(Elf64_Phdr) > file->size - h->e_phoff)
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "program headers lie outside the file");
	return true;
}

bool ghost_elf_check_header(struct ghost_elf_file *file, const uint8_t *bytes, size_t size,
			    uint64_t file_size, const char *name, uint32_t module_index,
			    uint16_t type, struct ghost_error *error)
{
	*file = (struct ghost_elf_file){
		.size = file_size, .name = name, .module_index = module_index
	};
	if (size < sizeof file->header || file_size < sizeof file->header)
		return ghost_elf_fail(file, error, GHOST_ERROR_NOT_ELF,
				      "not an ELF file: too short");
	__builtin_memcpy(&file->header, bytes, sizeof file->header);
	return check_identity(file, type, error) &&
	       (type != ET_EXEC || check_program_header_table(file, error));
}

bool ghost_elf_check_segment(const struct ghost_elf_file *file, const Elf64_Phdr *p,
			     uint32_t index, struct ghost_error *error)
{
	if (p->p_type != PT_LOAD)
		return true;
	if (p->p_filesz > p->p_memsz)
		return segment_fail(file, error, GHOST_ERROR_MALFORMED,
				    "a segment's file size exceeds its memory size: segment", index);
	if (p->p_offset > file->size || p->p_filesz > file->size - p->p_offset)
		return segment_fail(file, error, GHOST_ERROR_SECTION_BOUNDS,
				    "a segment lies outside the file: segment", index);
	if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_paddr + p->p_memsz < p->p_paddr)
		return segment_fail(file, error, GHOST_ERROR_MALFORMED,
				    "a segment's addresses wrap around: segment", index);
	if ((p->p_vaddr ^ p->p_paddr) & (GHOST_PAGE_SIZE - 1))
		return segment_fail(file, error, GHOST_ERROR_MALFORMED,
				    "a segment's virtual and physical addresses differ within a "
				    "page: segment",
				    index);
	return true;
}

bool ghost_elf_section_table(const struct ghost_elf_file *file, uint64_t *offset,
			     uint64_t *size, struct ghost_error *error)
{
	const Elf64_Ehdr *h = &file->header;
	if (h->e_shentsize != sizeof(Elf64_Shdr))
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "section header size is not 64");
	/* 0 (and SHN_LORESERVE and up) would mean extended numbering, which a
	 * module never needs. */
	if (h->e_shnum == 0 || h->e_shnum >= SHN_LORESERVE)
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "section count 0 or extended");
	if (h->e_shoff > file->size ||
	    (uint64_t)h->e_shnum * sizeof(Elf64_Shdr) > file->size - h->e_shoff) {
		ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
			       "section header table beyond the end of the file at");
		ghost_fail_hex(error, h->e_shoff);
		return false;
	}
	*offset = h->e_shoff;
	*size = (uint64_t)h->e_shnum * sizeof(Elf64_Shdr);
	return true;
}

static bool check_section_table(const struct ghost_elf_file *file, struct ghost_error *error)
{
	const Elf64_Ehdr *h = &file->header;
	uint64_t offset, size;
	if (!ghost_elf_section_table(file, &offset, &size, error))
		return false;
	if (!ghost_elf_bytes(file, offset, size))
		return ghost_elf_fail(file, error, GHOST_ERROR_SECTION_TABLE,
				      "section header table not read");
	for (uint32_t i = 0; i < h->e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(file, i);
		if (s.sh_type == SHT_NOBITS)
			continue;
		if (s.sh_offset > file->size || s.sh_size > file->size - s.sh_offset) {
			ghost_elf_fail(file, error, GHOST_ERROR_SECTION_BOUNDS,
				       "bytes beyond the end of the file in section");
			ghost_fail_number(error, i);
			return false;
		}
	}
	return true;
}

bool ghost_elf_string_table(const struct ghost_elf_file *file, uint32_t index, const char **table,
			    size_t *size, struct ghost_error *error)
{
	if (index == SHN_UNDEF || index >= file->header.e_shnum) {
		ghost_elf_fail(file, error, GHOST_ERROR_SECTION_INDEX,
			       "string table index out of range:");
		ghost_fail_number(error, index);
		return false;
	}
	Elf64_Shdr s = ghost_elf_section(file, index);
	const char *bytes = (const char *)ghost_elf_section_bytes(file, &s);
	if (s.sh_type == SHT_STRTAB && s.sh_size != 0 && !bytes) {
		ghost_elf_fail(file, error, GHOST_ERROR_SECTION_INDEX, "string table not read: section");
		ghost_fail_number(error, index);
		return false;
	}
	if (s.sh_type != SHT_STRTAB || s.sh_size == 0 || bytes[s.sh_size - 1] != '\0') {
		ghost_elf_fail(file, error, GHOST_ERROR_SECTION_INDEX,
			       "not a NUL-terminated string table: section");
		ghost_fail_number(error, index);
		return false;
	}
	*table = bytes;
	*size = (size_t)s.sh_size;
	return true;
}

bool ghost_elf_read_sections(struct ghost_elf_file *file, const uint8_t *bytes,
			     struct ghost_error *error)
{
	file->bytes = bytes;
	if (!check_section_table(file, error) ||
	    !ghost_elf_string_table(file, file->header.e_shstrndx, &file->section_names,
				    &file->section_names_size, error))
		return false;
	for (uint32_t i = 0; i < file->header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(file, i);
		if (s.sh_name >= file->section_names_size) {
			ghost_elf_fail(file, error, GHOST_ERROR_STRING_OFFSET,
				       "name outside the section name table: section");
			ghost_fail_number(error, i);
			return false;
		}
	}
	return true;
}

bool ghost_elf_open(struct ghost_elf_file *file, const uint8_t *bytes, size_t size,
		    const char *name, uint32_t module_index, uint16_t type,
		    struct ghost_error *error)
{
	if (!ghost_elf_check_header(file, bytes, size, size, name, module_index, type, error))
		return false;
	file->bytes = bytes;
	for (uint32_t i = 0; type == ET_EXEC && i < file->header.e_phnum; i++) {
		Elf64_Phdr segment = ghost_elf_segment(file, i);
		if (!ghost_elf_check_segment(file, &segment, i, error))
			return false;
	}
	return ghost_elf_read_sections(file, bytes, error);
}
