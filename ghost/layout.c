/* Section layout. Groups start on a page so that the loader can map text
 * read-only and executable, read-only data without execute, and data
 * read-write without execute. An isolated image adds, in its user part,
 * the gate stubs after text and a stack below the writable sections (an
 * overflow runs into read-only pages) and a heap after them; then its
 * kernel-only part. */
#include "ghost/layout.h"

#include <ghostboot/isolation.h>

#include "ghost/report.h"

enum section_kind { KIND_TEXT, KIND_RODATA, KIND_DATA, KIND_BSS };

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

/* Moves the cursor on by `bytes` within the largest image. */
static bool advance(const struct ghost_object *object, uint64_t *cursor, uint64_t bytes,
		    const char *what, struct ghost_error *error)
{
	if (bytes > GHOST_IMAGE_SIZE_MAX - *cursor) {
		ghost_elf_fail(&object->file, error, GHOST_ERROR_IMAGE_SIZE,
			       "image larger than 1 GiB at");
		ghost_fail_symbol(error, what);
		return false;
	}
	*cursor += bytes;
	return true;
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

/* Isolation maps a page either writable or executable, never both. */
static bool refuse_writable_code(const struct ghost_object *object, struct ghost_error *error)
{
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr s = ghost_elf_section(&object->file, i);
		if (!ghost_section_is_loaded(&s) || !(s.sh_flags & SHF_EXECINSTR) ||
		    !(s.sh_flags & SHF_WRITE))
			continue;
		ghost_elf_fail(&object->file, error, GHOST_ERROR_ISOLATION, "section");
		ghost_fail_symbol(error, ghost_elf_section_name(&object->file, &s));
		ghost_append(error, " is writable and executable: isolation cannot map it");
		return false;
	}
	return true;
}

static uint32_t count_undefined(const struct ghost_object *object)
{
	uint32_t count = 0;
	for (uint32_t i = 1; i < object->symbol_count; i++)
		if (ghost_object_symbol(object, i).st_shndx == SHN_UNDEF)
			count++;
	return count;
}

bool ghost_layout_sections(const struct ghost_object *object, enum ghost_link_mode mode,
			   uint64_t *section_offset, struct ghost_layout *layout,
			   struct ghost_error *error)
{
	bool isolated = mode != GHOST_LINK_DIRECT;
	uint64_t cursor = 0;
	*layout = (struct ghost_layout){ .section_offset = section_offset };
	for (uint32_t i = 0; i < object->file.header.e_shnum; i++)
		section_offset[i] = GHOST_NOT_LOADED;
	if (isolated && !refuse_writable_code(object, error))
		return false;

	if (!place_sections(object, KIND_TEXT, &cursor, section_offset, error))
		return false;
	if (isolated) {
		layout->undefined_count = count_undefined(object);
		layout->gate_stubs = align_up(cursor, GB_GATE_STUB_SIZE);
		cursor = layout->gate_stubs;
		if (!advance(object, &cursor,
			     (uint64_t)layout->undefined_count * GB_GATE_STUB_SIZE +
				     GHOST_RETURN_STUB_SIZE,
			     "the gate stubs", error))
			return false;
	}
	layout->text.size = cursor;

	layout->rodata.offset = cursor = align_up(cursor, GHOST_PAGE_SIZE);
	if (!place_sections(object, KIND_RODATA, &cursor, section_offset, error))
		return false;
	layout->rodata.size = cursor - layout->rodata.offset;

	layout->data.offset = cursor = align_up(cursor, GHOST_PAGE_SIZE);
	if (isolated) {
		if (!advance(object, &cursor, GB_ISOLATED_STACK_SIZE, "the stack", error))
			return false;
		layout->stack_top = cursor;
	}
	if (!place_sections(object, KIND_DATA, &cursor, section_offset, error) ||
	    !place_sections(object, KIND_BSS, &cursor, section_offset, error))
		return false;
	if (isolated) {
		layout->heap = cursor = align_up(cursor, GHOST_PAGE_SIZE);
		if (!advance(object, &cursor, GB_ISOLATED_HEAP_SIZE, "the heap", error))
			return false;
	}
	layout->data.size = cursor - layout->data.offset;
	layout->size = align_up(cursor, GHOST_PAGE_SIZE);
	if (isolated)
		layout->user_size = layout->size;
	return true;
}

bool ghost_layout_kernel_part(const struct ghost_object *object, uint32_t export_count,
			      struct ghost_layout *layout, struct ghost_error *error)
{
	uint64_t cursor = layout->size;
	layout->trampolines.offset = cursor;
	if (!advance(object, &cursor, ((uint64_t)export_count + 2) * GHOST_TRAMPOLINE_SIZE,
		     "the trampolines", error))
		return false;
	layout->trampolines.size = cursor - layout->trampolines.offset;
	layout->gate_table.offset = cursor = align_up(cursor, GHOST_PAGE_SIZE);
	if (!advance(object, &cursor,
		     (uint64_t)layout->undefined_count * sizeof(struct gb_gate), "the gate table",
		     error))
		return false;
	layout->gate_table.size = cursor - layout->gate_table.offset;
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
