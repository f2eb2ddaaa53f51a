/* Relocation, per the x86-64 psABI, "Relocation Types": with S the
 * symbol's address, A the addend and P the address of the place,
 *   R_X86_64_64    word64  S + A
 *   R_X86_64_PC32  word32  S + A - P
 *   R_X86_64_PLT32 word32  L + A - P, L = S: there is no PLT here
 *   R_X86_64_32    word32  S + A, must zero-extend to the 64-bit value
 *   R_X86_64_32S   word32  S + A, must sign-extend to the 64-bit value
 *   R_X86_64_PC64  word64  S + A - P
 * The PC-relative word32 values are signed displacements and must
 * sign-extend too. Arithmetic is modulo 2^64, as the CPU's is. */
#include "ghost/relocate.h"

#include "ghost/bytes.h"
#include "ghost/report.h"
#include "ghost/stubs.h"

static const char *const relocation_names[] = {
	[R_X86_64_NONE] = "R_X86_64_NONE",
	[R_X86_64_64] = "R_X86_64_64",
	[R_X86_64_PC32] = "R_X86_64_PC32",
	[R_X86_64_GOT32] = "R_X86_64_GOT32",
	[R_X86_64_PLT32] = "R_X86_64_PLT32",
	[R_X86_64_COPY] = "R_X86_64_COPY",
	[R_X86_64_GLOB_DAT] = "R_X86_64_GLOB_DAT",
	[R_X86_64_JUMP_SLOT] = "R_X86_64_JUMP_SLOT",
	[R_X86_64_RELATIVE] = "R_X86_64_RELATIVE",
	[R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL",
	[R_X86_64_32] = "R_X86_64_32",
	[R_X86_64_32S] = "R_X86_64_32S",
	[R_X86_64_16] = "R_X86_64_16",
	[R_X86_64_PC16] = "R_X86_64_PC16",
	[R_X86_64_8] = "R_X86_64_8",
	[R_X86_64_PC8] = "R_X86_64_PC8",
	[R_X86_64_DTPMOD64] = "R_X86_64_DTPMOD64",
	[R_X86_64_DTPOFF64] = "R_X86_64_DTPOFF64",
	[R_X86_64_TPOFF64] = "R_X86_64_TPOFF64",
	[R_X86_64_TLSGD] = "R_X86_64_TLSGD",
	[R_X86_64_TLSLD] = "R_X86_64_TLSLD",
	[R_X86_64_DTPOFF32] = "R_X86_64_DTPOFF32",
	[R_X86_64_GOTTPOFF] = "R_X86_64_GOTTPOFF",
	[R_X86_64_TPOFF32] = "R_X86_64_TPOFF32",
	[R_X86_64_PC64] = "R_X86_64_PC64",
	[R_X86_64_GOTOFF64] = "R_X86_64_GOTOFF64",
	[R_X86_64_GOTPC32] = "R_X86_64_GOTPC32",
	[R_X86_64_GOT64] = "R_X86_64_GOT64",
	[R_X86_64_GOTPCREL64] = "R_X86_64_GOTPCREL64",
	[R_X86_64_GOTPC64] = "R_X86_64_GOTPC64",
	[R_X86_64_GOTPLT64] = "R_X86_64_GOTPLT64",
	[R_X86_64_PLTOFF64] = "R_X86_64_PLTOFF64",
	[R_X86_64_SIZE32] = "R_X86_64_SIZE32",
	[R_X86_64_SIZE64] = "R_X86_64_SIZE64",
	[R_X86_64_GOTPC32_TLSDESC] = "R_X86_64_GOTPC32_TLSDESC",
	[R_X86_64_TLSDESC_CALL] = "R_X86_64_TLSDESC_CALL",
	[R_X86_64_TLSDESC] = "R_X86_64_TLSDESC",
	[R_X86_64_IRELATIVE] = "R_X86_64_IRELATIVE",
	[R_X86_64_RELATIVE64] = "R_X86_64_RELATIVE64",
	[R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
	[R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
};

/* Everything a message about one relocation needs. */
struct place {
	const struct ghost_module *module;
	uint32_t section;
	const Elf64_Rela *rela;
};

static const char *type_name(uint32_t type)
{
	if (type < sizeof relocation_names / sizeof relocation_names[0] &&
	    relocation_names[type] != NULL)
		return relocation_names[type];
	return NULL;
}

/* Appends " against SYMBOL at SECTION+0xOFFSET". */
static void append_place(struct ghost_error *error, const struct place *at)
{
	const struct ghost_object *object = &at->module->object;
	uint32_t index = ELF64_R_SYM(at->rela->r_info);
	if (index != 0 && index < object->symbol_count) {
		Elf64_Sym symbol = ghost_object_symbol(object, index);
		ghost_append(error, " against ");
		ghost_append(error, ghost_object_symbol_name(object, &symbol));
	}
	Elf64_Shdr section = ghost_elf_section(&object->file, at->section);
	ghost_append(error, " at ");
	ghost_append(error, ghost_elf_section_name(&object->file, &section));
	ghost_append(error, "+");
	ghost_append_hex(error, at->rela->r_offset);
}

static bool fail_at(const struct place *at, enum ghost_status status, const char *message,
		    struct ghost_error *error)
{
	uint32_t type = ELF64_R_TYPE(at->rela->r_info);
	const char *name = type_name(type);
	ghost_elf_fail(&at->module->object.file, error, status, message);
	ghost_fail_symbol(error, name != NULL ? name : "type");
	if (name == NULL)
		ghost_fail_number(error, type);
	append_place(error, at);
	return false;
}

/* Bytes the relocation writes; 0 for a type not supported. */
static unsigned field_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	default:
		return 0;
	}
}

/* S: a defined symbol's address, an import's, 0 for an unresolved weak
 * one and for symbol index 0 (gABI: "no symbol"). */
static bool symbol_address(const struct place *at, uint64_t *address, struct ghost_error *error)
{
	const struct ghost_module *module = at->module;
	uint32_t index = ELF64_R_SYM(at->rela->r_info);
	*address = 0;
	if (index == 0)
		return true;
	if (index >= module->object.symbol_count)
		return fail_at(at, GHOST_ERROR_SYMBOL_INDEX, "symbol index out of range in", error);
	Elf64_Sym symbol = ghost_object_symbol(&module->object, index);
	if (symbol.st_shndx == SHN_UNDEF) {
		/* An isolated module calls what it imports through its gate. */
		if (module->imports[index] != NULL && module->mode != GHOST_LINK_DIRECT)
			*address = ghost_gate_stub_address(module, index);
		else if (module->imports[index] != NULL)
			*address = module->imports[index]->address;
	} else if (symbol.st_shndx == SHN_ABS) {
		*address = symbol.st_value;
	} else if (module->layout.section_offset[symbol.st_shndx] != GHOST_NOT_LOADED) {
		*address = module->base + module->layout.section_offset[symbol.st_shndx] +
			   symbol.st_value;
	} else {
		return fail_at(at, GHOST_ERROR_MALFORMED, "symbol in a section not loaded, in",
			       error);
	}
	return true;
}

static bool fits_signed_32(uint64_t value)
{
	return value + 0x80000000u <= 0xffffffffu;
}

static bool apply_relocation(const struct place *at, const Elf64_Shdr *section,
			     struct ghost_error *error)
{
	const struct ghost_module *module = at->module;
	const Elf64_Rela *r = at->rela;
	uint32_t type = ELF64_R_TYPE(r->r_info);
	unsigned width = field_width(type);
	if (width == 0)
		return fail_at(at, GHOST_ERROR_RELOCATION_TYPE,
			       "relocation type not supported:", error);
	/* The place lies within its section: nothing outside the image is
	 * ever written, whatever the file says. */
	if (section->sh_size < width || r->r_offset > section->sh_size - width)
		return fail_at(at, GHOST_ERROR_RELOCATION_OFFSET,
			       "relocation outside its section:", error);
	uint64_t s, a = (uint64_t)r->r_addend;
	if (!symbol_address(at, &s, error))
		return false;
	uint64_t offset = module->layout.section_offset[at->section] + r->r_offset;
	uint64_t p = module->base + offset;
	uint64_t value;
	bool fits = true;
	switch (type) {
	case R_X86_64_64:
		value = s + a;
		break;
	case R_X86_64_PC64:
		value = s + a - p;
		break;
	case R_X86_64_32:
		value = s + a;
		fits = value <= 0xffffffffu;
		break;
	case R_X86_64_32S:
		value = s + a;
		fits = fits_signed_32(value);
		break;
	default: /* R_X86_64_PC32, R_X86_64_PLT32 */
		value = s + a - p;
		fits = fits_signed_32(value);
		break;
	}
	if (!fits) {
		fail_at(at, GHOST_ERROR_RELOCATION_OVERFLOW, "relocation overflows:", error);
		ghost_append(error, ", value ");
		ghost_append_hex(error, value);
		return false;
	}
	ghost_store_le(module->image + (size_t)offset, value, width);
	return true;
}

bool ghost_apply_relocations(const struct ghost_module *module, struct ghost_error *error)
{
	const struct ghost_object *object = &module->object;
	for (uint32_t i = 1; i < object->file.header.e_shnum; i++) {
		Elf64_Shdr relocations = ghost_elf_section(&object->file, i);
		if (relocations.sh_type != SHT_RELA)
			continue;
		/* Relocations of sections not loaded (debug information) are
		 * of no use at run time. */
		Elf64_Shdr section = ghost_elf_section(&object->file, relocations.sh_info);
		if (module->layout.section_offset[relocations.sh_info] == GHOST_NOT_LOADED)
			continue;
		size_t count = ghost_object_relocation_count(&relocations);
		for (size_t n = 0; n < count; n++) {
			Elf64_Rela rela = ghost_object_relocation(object, &relocations, n);
			struct place at = { module, relocations.sh_info, &rela };
			if (!apply_relocation(&at, &section, error))
				return false;
		}
	}
	return true;
}
