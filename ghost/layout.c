/* Section layout. Groups start on a page so that the loader can map text
 * read-only and executable, read-only data without execute, and data
 * read-write without execute. */
#include "ghost/layout.h"

#include "ghost/report.h"

enum section_kind { KIND_TEXT, KIND_RODATA, KIND_DATA, KIND_BSS, KIND_COUNT };

static enum section_kind section_kind(const Elf64_Shdr *section)
{
	if (section->sh_flags & SHF_EXECINSTR)
		return KIND_TEXT;
	if (!(section->sh_flags & SHF_WRITE))
		return KIND_RODATA;
	return section->sh_type == SHT_NOBITS ? KIND_BSS : KIND_DATA;
}

/* `value` rounded up to `align`, a power of two; neither exceeds
 * GHOST_IMAGE_SIZE_MAX here, so the sum cannot wrap. */
static uint64_t align_up(uint64_t value, uint64_t align)
{
	return (value + align - 1) & ~(align - 1);
}

static bool place_sections(const struct ghost_object *object, enum section_kind kind,
			   uint64_t *cursor, uint64_t *section_offset, struct ghost_error *error)
{
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (!ghost_section_is_loaded(&s) || section_kind(&s) != kind)
			continue;
		uint64_t at = align_up(*cursor, s.sh_addralign ? s.sh_addralign : 1);
		if (s.sh_size > GHOST_IMAGE_SIZE_MAX - at) {
			ghost_elf_fail(&object->file, error, GHOST_ERROR_IMAGE_SIZE,
				       "image larger than 1 GiB at section");
			ghost_fail_symbol(error, ghost_elf_section_name(&object->file, &s));
			return false;
		}
		section_offset[i] = at;
		*cursor = at + s.sh_size;
	}
	return true;
}

bool ghost_layout_sections(const struct ghost_object *object, uint64_t *section_offset,
			   struct ghost_layout *layout, struct ghost_error *error)
{
	struct ghost_region *regions[KIND_COUNT] = { &layout->text, &layout->rodata, &layout->data,
						     &layout->data };
	uint64_t cursor = 0;
	layout->section_offset = section_offset;
	for (uint32_t i = 0; i < object->file.header.e_shnum; i++)
		section_offset[i] = GHOST_NOT_LOADED;
	for (enum section_kind kind = KIND_TEXT; kind < KIND_COUNT; kind++) {
		/* NOBITS continues the data region. */
		if (kind != KIND_BSS) {
			cursor = align_up(cursor, GHOST_PAGE_SIZE);
			regions[kind]->offset = cursor;
		}
		if (!place_sections(object, kind, &cursor, section_offset, error))
			return false;
		regions[kind]->size = cursor - regions[kind]->offset;
	}
	layout->size = align_up(cursor, GHOST_PAGE_SIZE);
	return true;
}

void ghost_layout_copy(const struct ghost_object *object, const struct ghost_layout *layout,
		       uint8_t *image)
{
	__builtin_memset(image, 0, (size_t)layout->size);
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (layout->section_offset[i] == GHOST_NOT_LOADED || s.sh_type == SHT_NOBITS)
			continue;
		__builtin_memcpy(image + (size_t)layout->section_offset[i],
				 ghost_elf_section_bytes(&object->file, &s), (size_t)s.sh_size);
	}
}

uint64_t ghost_region_used_size(const uint8_t *bytes, uint64_t size)
{
	while (size && bytes[size - 1] == 0)
		size--;
	return size;
}
