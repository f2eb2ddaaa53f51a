/* Host test: every error ghost reports, each from a crafted object: a
 * fixture (tests/ghost/fixtures/) as built, or a copy with one field
 * damaged. Each check wants the status, the words of the message that name
 * the culprit, and the guard bytes around every image untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ghost/layout.h"
#include "ghost/object.h"
#include "tests/check.h"
#include "tests/ghost/support.h"

static struct file fixture(const char *name)
{
	char relative[256];
	snprintf(relative, sizeof relative, "tests/ghost/fixtures/%s.o", name);
	return read_file(build_path(relative));
}

static struct ghost_module_file named(const struct file *file, const char *name)
{
	return (struct ghost_module_file){ .bytes = file->bytes, .size = file->size, .name = name };
}

/* Links `count` fixtures (by name) with fake kernel exports for whatever
 * none of them exports, or with `kernel` when given. */
static void link_fixtures(const char *const *names, uint32_t count,
			  const struct ghost_export *kernel, uint32_t kernel_count,
			  struct link_result *result)
{
	static const char *const module_exports[] = { "basic_fn",  "api_fn",	"ring_a_fn",
						      "ring_b_fn", "ring_p_fn", "ring_q_fn",
						      "ring_r_fn", NULL };
	struct file files[MAX_MODULES];
	struct ghost_module_file modules[MAX_MODULES];
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t export_count = 0;
	for (uint32_t i = 0; i < count; i++) {
		files[i] = fixture(names[i]);
		modules[i] = named(&files[i], names[i]);
		add_fake_exports(&files[i], module_exports, exports, &export_count);
	}
	if (kernel)
		link_modules(modules, count, kernel, kernel_count, 0xffffffff80400000ull, result);
	else
		link_modules(modules, count, exports, export_count, 0xffffffff80400000ull, result);
	for (uint32_t i = 0; i < count; i++)
		free(files[i].bytes);
}

static void expect(const char *what, struct link_result *result, enum ghost_status status,
		   const char *words)
{
	CHECK(!result->ok && result->error.status == status &&
		      strstr(result->error.text, words) != NULL &&
		      guards_intact(&result->placement),
	      "%s: \"%s\"", what, result->error.text);
	release_link(result);
}

/* ---- damaged copies of basic.o ---- */

static struct file basic;

static unsigned section_index(const struct file *file, const char *name)
{
	return (unsigned)(elf_section_named(file, name) - elf_section(file, 0));
}

static void link_damaged(const struct file *damaged, struct link_result *result)
{
	struct ghost_module_file module = named(damaged, "basic");
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t count = 0;
	add_fake_exports(&basic, NULL, exports, &count);
	link_modules(&module, 1, exports, count, 0xffffffff80400000ull, result);
}

/* Damage is a function of a fresh copy of basic.o. */
typedef void damage_fn(struct file *copy);

static void expect_damaged(const char *what, damage_fn *damage, enum ghost_status status,
			   const char *words)
{
	struct file copy = copy_file(&basic);
	struct link_result result;
	damage(&copy);
	link_damaged(&copy, &result);
	expect(what, &result, status, words);
	free(copy.bytes);
}

static Elf64_Rela *first_text_relocation(struct file *f)
{
	unsigned count;
	return elf_relocations_for(f, ".text", &count);
}

static Elf64_Rela *relocation_of_type(struct file *f, uint32_t type)
{
	unsigned count;
	Elf64_Rela *r = elf_relocations_for(f, ".text", &count);
	for (unsigned i = 0; i < count; i++)
		if (ELF64_R_TYPE(r[i].r_info) == type)
			return &r[i];
	return NULL;
}

static void not_elf(struct file *f)
{
	f->bytes[0] = 0;
}
static void too_short(struct file *f)
{
	f->size = 40;
}
static void elf32(struct file *f)
{
	f->bytes[EI_CLASS] = ELFCLASS32;
}
static void big_endian(struct file *f)
{
	f->bytes[EI_DATA] = ELFDATA2MSB;
}
static void machine_i386(struct file *f)
{
	elf_header(f)->e_machine = EM_386;
}
static void type_exec(struct file *f)
{
	elf_header(f)->e_type = ET_EXEC;
}
static void type_dyn(struct file *f)
{
	elf_header(f)->e_type = ET_DYN;
}
static void truncated_table(struct file *f)
{
	f->size = elf_header(f)->e_shoff + sizeof(Elf64_Shdr) * (elf_header(f)->e_shnum - 1u);
}
static void header_size(struct file *f)
{
	elf_header(f)->e_shentsize = 40;
}
static void table_offset(struct file *f)
{
	elf_header(f)->e_shoff = ~0ull - 8;
}
static void section_past_end(struct file *f)
{
	elf_section_named(f, ".text")->sh_offset = f->size;
}
static void section_too_long(struct file *f)
{
	elf_section_named(f, ".data")->sh_size = ~0ull - 4;
}
static void names_index(struct file *f)
{
	elf_header(f)->e_shstrndx = elf_header(f)->e_shnum;
}
static void symbol_names_index(struct file *f)
{
	elf_section_named(f, ".symtab")->sh_link = 999;
}
static void relocation_target(struct file *f)
{
	elf_section_named(f, ".rela.text")->sh_info = 999;
}
static void relocation_symbols(struct file *f)
{
	elf_section_named(f, ".rela.text")->sh_link = 1;
}
static void symbol_section(struct file *f)
{
	elf_symbol_named(f, "basic_fn")->st_shndx = (uint16_t)(elf_header(f)->e_shnum + 3);
}
static void symbol_name(struct file *f)
{
	elf_symbol_named(f, "basic_fn")->st_name = 0x7fffffff;
}
static void section_name(struct file *f)
{
	elf_section_named(f, ".text")->sh_name = 0x7ffffff0;
}
static void unterminated_names(struct file *f)
{
	Elf64_Shdr *strtab = elf_section_named(f, ".strtab");
	f->bytes[strtab->sh_offset + strtab->sh_size - 1] = 'x';
}
static void symbol_table_size(struct file *f)
{
	elf_section_named(f, ".symtab")->sh_size -= 5;
}
static void relocation_symbol(struct file *f)
{
	Elf64_Rela *r = first_text_relocation(f);
	r->r_info = ELF64_R_INFO(9999, ELF64_R_TYPE(r->r_info));
}
static void relocation_offset(struct file *f)
{
	first_text_relocation(f)->r_offset = elf_section_named(f, ".text")->sh_size - 2;
}
static void relocation_offset_huge(struct file *f)
{
	first_text_relocation(f)->r_offset = ~0ull - 1;
}
static void gotpcrel(struct file *f)
{
	Elf64_Rela *r = first_text_relocation(f);
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), R_X86_64_GOTPCREL);
}
static void type_16(struct file *f)
{
	Elf64_Rela *r = first_text_relocation(f);
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), R_X86_64_16);
}
static void type_unknown(struct file *f)
{
	Elf64_Rela *r = first_text_relocation(f);
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), 200);
}
static void rel_section(struct file *f)
{
	elf_section_named(f, ".rela.text")->sh_type = SHT_REL;
}
static void huge_bss(struct file *f)
{
	elf_section_named(f, ".bss")->sh_size = 0x80000000ull;
}
static void big_alignment(struct file *f)
{
	elf_section_named(f, ".text")->sh_addralign = 8192;
}
static void odd_alignment(struct file *f)
{
	elf_section_named(f, ".text")->sh_addralign = 3;
}
static void tls_section(struct file *f)
{
	elf_section_named(f, ".bss")->sh_flags |= SHF_TLS;
}
static void two_symbol_tables(struct file *f)
{
	elf_section_named(f, ".strtab")->sh_type = SHT_SYMTAB;
}
/* The section symbol of .data, which basic_pointer's relocation uses, moved
 * to .comment: a section that is not loaded. */
static void symbol_not_loaded(struct file *f)
{
	unsigned data = section_index(f, ".data"), comment = section_index(f, ".comment");
	for (unsigned i = 1; i < elf_symbol_count(f); i++)
		if (ELF64_ST_TYPE(elf_symbol(f, i)->st_info) == STT_SECTION &&
		    elf_symbol(f, i)->st_shndx == data)
			elf_symbol(f, i)->st_shndx = (uint16_t)comment;
}
static void short_export_table(struct file *f)
{
	elf_section_named(f, ".gbexports")->sh_size = 20;
}
static void export_name_moved(struct file *f)
{
	unsigned count;
	Elf64_Rela *r = elf_relocations_for(f, ".gbexports", &count);
	for (unsigned i = 0; i < count; i++)
		if (r[i].r_offset == 0)
			r[i].r_addend = 0x100000;
}
static void export_undefined(struct file *f)
{
	unsigned count;
	Elf64_Rela *r = elf_relocations_for(f, ".gbexports", &count);
	Elf64_Sym *kprintf = elf_symbol_named(f, "kprintf");
	unsigned kprintf_index = (unsigned)(kprintf - elf_symbol(f, 0));
	for (unsigned i = 0; i < count; i++)
		if (r[i].r_offset == 8)
			r[i].r_info = ELF64_R_INFO(kprintf_index, R_X86_64_64);
}
static void module_magic(struct file *f)
{
	f->bytes[elf_section_named(f, ".gbmodinfo")->sh_offset] ^= 0xff;
}
static void module_info_size(struct file *f)
{
	elf_section_named(f, ".gbmodinfo")->sh_size = 48;
}
/* init's relocation moved onto exit: init stays 0. */
static void no_init(struct file *f)
{
	unsigned count;
	Elf64_Rela *r = elf_relocations_for(f, ".gbmodinfo", &count);
	for (unsigned i = 0; i < count; i++)
		if (r[i].r_offset == 40)
			r[i].r_offset = 48;
}
/* A call (PLT32) relabelled PC32: the same value, checked the same way. */
static void call_as_pc32(struct file *f)
{
	Elf64_Rela *r = relocation_of_type(f, R_X86_64_PLT32);
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), R_X86_64_PC32);
}

static void damaged_objects(void)
{
	expect_damaged("not ELF", not_elf, GHOST_ERROR_NOT_ELF, "basic: not an ELF file");
	expect_damaged("shorter than a header", too_short, GHOST_ERROR_NOT_ELF, "too short");
	expect_damaged("ELF32", elf32, GHOST_ERROR_ELF_CLASS, "not an ELF64");
	expect_damaged("big-endian", big_endian, GHOST_ERROR_ELF_CLASS, "little-endian");
	expect_damaged("i386", machine_i386, GHOST_ERROR_ELF_MACHINE,
		       "not built for x86-64: machine 3");
	expect_damaged("ET_EXEC", type_exec, GHOST_ERROR_ELF_TYPE, "not a relocatable object");
	expect_damaged("ET_DYN", type_dyn, GHOST_ERROR_ELF_TYPE, "ELF type 3");
	expect_damaged("truncated section table", truncated_table, GHOST_ERROR_SECTION_TABLE,
		       "section header table beyond the end of the file");
	expect_damaged("section header size", header_size, GHOST_ERROR_SECTION_TABLE,
		       "section header size");
	expect_damaged("section table offset wrapping", table_offset, GHOST_ERROR_SECTION_TABLE,
		       "beyond the end");
	expect_damaged("section offset past the end", section_past_end, GHOST_ERROR_SECTION_BOUNDS,
		       "beyond the end of the file in section");
	expect_damaged("section size past the end", section_too_long, GHOST_ERROR_SECTION_BOUNDS,
		       "beyond the end of the file in section");
	expect_damaged("section name table index", names_index, GHOST_ERROR_SECTION_INDEX,
		       "string table index out of range");
	expect_damaged("symbol string table index", symbol_names_index, GHOST_ERROR_SECTION_INDEX,
		       "string table index out of range: 999");
	expect_damaged("relocation target index", relocation_target, GHOST_ERROR_SECTION_INDEX,
		       "target section index out of range in .rela.text");
	expect_damaged("relocation symbol table index", relocation_symbols,
		       GHOST_ERROR_SECTION_INDEX, ".rela.text");
	expect_damaged("symbol section index", symbol_section, GHOST_ERROR_SECTION_INDEX,
		       "section index out of range in symbol basic_fn");
	expect_damaged("symbol name offset", symbol_name, GHOST_ERROR_STRING_OFFSET,
		       "name outside the string table");
	expect_damaged("section name offset", section_name, GHOST_ERROR_STRING_OFFSET,
		       "name outside the section name table");
	expect_damaged("string table not NUL-terminated", unterminated_names,
		       GHOST_ERROR_SECTION_INDEX, "not a NUL-terminated string table");
	expect_damaged("symbol table size", symbol_table_size, GHOST_ERROR_MALFORMED,
		       "malformed table: symbol table");
	expect_damaged("two symbol tables", two_symbol_tables, GHOST_ERROR_MALFORMED,
		       "more than one symbol table");
	expect_damaged("relocation symbol index", relocation_symbol, GHOST_ERROR_SYMBOL_INDEX,
		       "symbol index out of range");
	expect_damaged("relocation at the end of its section", relocation_offset,
		       GHOST_ERROR_RELOCATION_OFFSET, "relocation outside its section");
	expect_damaged("relocation offset wrapping", relocation_offset_huge,
		       GHOST_ERROR_RELOCATION_OFFSET, "at .text+0xfffffffffffffffe");
	expect_damaged("R_X86_64_GOTPCREL", gotpcrel, GHOST_ERROR_RELOCATION_TYPE,
		       "relocation type not supported: R_X86_64_GOTPCREL against");
	expect_damaged("R_X86_64_16", type_16, GHOST_ERROR_RELOCATION_TYPE,
		       "not supported: R_X86_64_16");
	expect_damaged("relocation type 200", type_unknown, GHOST_ERROR_RELOCATION_TYPE,
		       "not supported: type 200");
	expect_damaged("REL section", rel_section, GHOST_ERROR_UNSUPPORTED, "REL relocations");
	expect_damaged("image over 1 GiB", huge_bss, GHOST_ERROR_IMAGE_SIZE,
		       "image larger than 1 GiB at section .bss");
	expect_damaged("alignment over a page", big_alignment, GHOST_ERROR_UNSUPPORTED,
		       "alignment not a power of two up to a page: section .text");
	expect_damaged("alignment not a power of two", odd_alignment, GHOST_ERROR_UNSUPPORTED,
		       "alignment");
	expect_damaged("TLS section", tls_section, GHOST_ERROR_UNSUPPORTED, "thread-local");
	expect_damaged("relocation against a section not loaded", symbol_not_loaded,
		       GHOST_ERROR_MALFORMED, "symbol in a section not loaded");
	expect_damaged("export table size", short_export_table, GHOST_ERROR_EXPORT_TABLE,
		       "malformed .gbexports");
	expect_damaged("export name outside its section", export_name_moved,
		       GHOST_ERROR_EXPORT_TABLE, "export name not a string");
	expect_damaged("export of an import", export_undefined, GHOST_ERROR_EXPORT_TABLE,
		       "no address of a defined symbol");
	expect_damaged("module magic", module_magic, GHOST_ERROR_MODULE_INFO,
		       "unknown magic or ABI version");
	expect_damaged("module info size", module_info_size, GHOST_ERROR_MODULE_INFO,
		       "malformed .gbmodinfo");
	expect_damaged("init 0", no_init, GHOST_ERROR_MODULE_INFO, "init is 0");
}

/* ---- overflows: the module or an export placed out of reach ---- */

static void overflows(void)
{
	struct ghost_module_file module = named(&basic, "basic");
	struct link_result result;
	struct ghost_export far_kprintf = { .name = "kprintf", .address = 0x0000100000000000ull };
	struct ghost_export near_kprintf = { .name = "kprintf", .address = 0x80200000ull };

	/* At 2 GiB: PC-relative values fit, absolute addresses do not
	 * sign-extend from 32 bits. */
	link_modules(&module, 1, &near_kprintf, 1, 0x80000000ull, &result);
	expect("module at 2 GiB", &result, GHOST_ERROR_RELOCATION_OVERFLOW,
	       "relocation overflows: R_X86_64_32S");
	link_modules(&module, 1, &far_kprintf, 1, 0xffffffff80400000ull, &result);
	expect("kprintf 16 TiB away", &result, GHOST_ERROR_RELOCATION_OVERFLOW,
	       "relocation overflows: R_X86_64_PLT32 against kprintf at .text+");

	struct file copy = copy_file(&basic);
	call_as_pc32(&copy);
	module = named(&copy, "basic");
	link_modules(&module, 1, &far_kprintf, 1, 0xffffffff80400000ull, &result);
	expect("PC32 to kprintf 16 TiB away", &result, GHOST_ERROR_RELOCATION_OVERFLOW,
	       "relocation overflows: R_X86_64_PC32 against kprintf");
	free(copy.bytes);

	static const char *const abs32[] = { "abs32" };
	link_fixtures(abs32, 1, NULL, 0, &result);
	expect("R_X86_64_32 to a top-2-GiB address", &result, GHOST_ERROR_RELOCATION_OVERFLOW,
	       "relocation overflows: R_X86_64_32 against kprintf at .rodata.abs32+0x0, value "
	       "0xffffffff80101000");
	struct ghost_export low_kprintf = { .name = "kprintf", .address = 0xfffff000ull };
	link_fixtures(abs32, 1, &low_kprintf, 1, &result);
	CHECK(result.ok, "R_X86_64_32 to 0xfffff000 fits%s", failure_text(&result.error));
	release_link(&result);
}

/* ---- symbols: undefined, duplicate, COMMON, weak ---- */

static void symbols(void)
{
	struct link_result result;
	struct ghost_module_file module = named(&basic, "basic");
	link_modules(&module, 1, NULL, 0, 0xffffffff80400000ull, &result);
	expect("nothing exported", &result, GHOST_ERROR_UNDEFINED_SYMBOL,
	       "basic: undefined symbol kprintf");

	struct ghost_export kernel[] = { { .name = "kprintf", .address = FAKE_KERNEL_BASE },
					 { .name = "basic_fn", .address = FAKE_KERNEL_BASE + 64 } };
	link_modules(&module, 1, kernel, 2, 0xffffffff80400000ull, &result);
	expect("an export of the kernel's", &result, GHOST_ERROR_DUPLICATE_EXPORT,
	       "basic: duplicate export basic_fn, already exported by kernel");

	struct ghost_export twice[] = { { .name = "kprintf", .address = FAKE_KERNEL_BASE },
					{ .name = "kprintf", .address = FAKE_KERNEL_BASE + 64 } };
	link_modules(&module, 1, twice, 2, 0xffffffff80400000ull, &result);
	expect("the kernel exporting a name twice", &result, GHOST_ERROR_DUPLICATE_EXPORT,
	       "kernel: duplicate export kprintf, already exported by kernel");

	struct ghost_module_file pair[] = { named(&basic, "first"), named(&basic, "second") };
	link_modules(pair, 2, kernel, 1, 0xffffffff80400000ull, &result);
	expect("two modules exporting one name", &result, GHOST_ERROR_DUPLICATE_EXPORT,
	       "second: duplicate export basic_fn, already exported by first");

	static const char *const common[] = { "common" };
	link_fixtures(common, 1, NULL, 0, &result);
	expect("-fcommon", &result, GHOST_ERROR_COMMON_SYMBOL,
	       "common: COMMON symbol (build with -fno-common) common_counter");

	static const char *const uses_secret[] = { "uses_kernel_secret" };
	struct ghost_export visible[] = {
		{ .name = "kprintf", .address = FAKE_KERNEL_BASE },
		{ .name = "console_write", .address = FAKE_KERNEL_BASE + 64 },
		{ .name = "kernel_version", .address = FAKE_KERNEL_BASE + 128, .version = 3 },
	};
	link_fixtures(uses_secret, 1, visible, 3, &result);
	expect("a kernel function not exported", &result, GHOST_ERROR_UNDEFINED_SYMBOL,
	       "undefined symbol kernel_secret");
}

/* The 8-byte value at `symbol` in the linked image of `file`. */
static uint64_t linked_value(const struct file *file, const struct ghost_linked_module *m,
			     const char *symbol, unsigned index)
{
	struct ghost_object object;
	struct ghost_layout layout;
	struct ghost_error error;
	uint64_t offsets[64];
	const Elf64_Sym *s = elf_symbol_named(file, symbol);
	if (!s || !ghost_object_read(&object, file->bytes, file->size, "weak", 0, &error) ||
	    elf_header(file)->e_shnum > 64 ||
	    !ghost_layout_sections(&object, GHOST_LINK_DIRECT, offsets, &layout, &error))
		return ~0ull;
	uint64_t value;
	memcpy(&value, m->image + offsets[s->st_shndx] + s->st_value + 8 * index, sizeof value);
	return value;
}

static void weak_symbols(void)
{
	struct file weak = fixture("weak");
	struct ghost_module_file module = named(&weak, "weak");
	struct link_result result;
	link_modules(&module, 1, NULL, 0, 0xffffffff80400000ull, &result);
	CHECK(result.ok && linked_value(&weak, &result.linked[0], "weak_pointers", 0) == 0 &&
		      linked_value(&weak, &result.linked[0], "weak_pointers", 1) == 0,
	      "undefined weak symbols are 0%s", failure_text(&result.error));
	release_link(&result);

	struct ghost_export kernel[] = {
		{ .name = "weak_data", .address = FAKE_KERNEL_BASE + 0x100 },
		{ .name = "weak_fn", .address = FAKE_KERNEL_BASE + 0x200 },
	};
	link_modules(&module, 1, kernel, 2, 0xffffffff80400000ull, &result);
	CHECK(result.ok &&
		      linked_value(&weak, &result.linked[0], "weak_pointers", 0) ==
			      FAKE_KERNEL_BASE + 0x100 &&
		      linked_value(&weak, &result.linked[0], "weak_pointers", 1) ==
			      FAKE_KERNEL_BASE + 0x200,
	      "weak symbols someone exports resolve to the export%s", failure_text(&result.error));
	release_link(&result);
	free(weak.bytes);
}

/* ---- order, cycles, versions ---- */

static void order_and_versions(void)
{
	struct link_result result;
	struct ghost_export kprintf_v1 = { .name = "kprintf", .address = FAKE_KERNEL_BASE,
					   .version = 1 };
	struct ghost_export kprintf_v2 = { .name = "kprintf", .address = FAKE_KERNEL_BASE,
					   .version = 2 };

	static const char *const user_first[] = { "user_v5", "provider" };
	link_fixtures(user_first, 2, &kprintf_v1, 1, &result);
	CHECK(result.ok && result.order[0] == 1 && result.order[1] == 0,
	      "user given before provider inits after it%s", failure_text(&result.error));
	CHECK(result.ok && ghost_module_imports_from(&result.linked[0], 1) &&
		      !ghost_module_imports_from(&result.linked[0], 0) &&
		      !ghost_module_imports_from(&result.linked[1], 0) &&
		      !ghost_module_imports_from(&result.linked[1], 1),
	      "user imports from provider, provider from nobody");
	release_link(&result);
	static const char *const provider_first[] = { "provider", "user_v5" };
	link_fixtures(provider_first, 2, &kprintf_v1, 1, &result);
	CHECK(result.ok && result.order[0] == 0 && result.order[1] == 1,
	      "user given after provider inits after it%s", failure_text(&result.error));
	release_link(&result);

	static const char *const old_user[] = { "provider", "user_v4" };
	link_fixtures(old_user, 2, &kprintf_v1, 1, &result);
	expect("built against another version of a module's export", &result,
	       GHOST_ERROR_VERSION_MISMATCH,
	       "user_v4: built against version 4 of api_fn, but provider exports version 5");
	link_fixtures(provider_first, 2, &kprintf_v2, 1, &result);
	expect("built against another version of a kernel export", &result,
	       GHOST_ERROR_VERSION_MISMATCH,
	       "user_v5: built against version 1 of kprintf, but kernel exports version 2");

	static const char *const pair[] = { "ring_a", "ring_b" };
	link_fixtures(pair, 2, NULL, 0, &result);
	expect("two modules importing from each other", &result, GHOST_ERROR_CYCLE,
	       "in a cycle: ring_a -> ring_b -> ring_a");
	static const char *const three[] = { "basic", "ring_q", "ring_r", "ring_p" };
	link_fixtures(three, 4, NULL, 0, &result);
	expect("three modules in a circle", &result, GHOST_ERROR_CYCLE,
	       "in a cycle: ring_q -> ring_r -> ring_p -> ring_q");
	static const char *const open_ring[] = { "ring_b" };
	struct ghost_export ring_a_fn = { .name = "ring_a_fn", .address = FAKE_KERNEL_BASE };
	link_fixtures(open_ring, 1, &ring_a_fn, 1, &result);
	CHECK(result.ok, "ring_b alone (ring_a_fn from the kernel) links%s",
	      failure_text(&result.error));
	release_link(&result);
}

/* ---- the caller's side: placement, workspace, module info ---- */

static void caller_errors(void)
{
	struct ghost_module_file module = named(&basic, "basic");
	struct ghost_export kprintf = { .name = "kprintf", .address = FAKE_KERNEL_BASE };
	struct link_result result;
	struct placement refuse = { .base = 0xffffffff80400000ull, .refuse = true };
	link_placed(&module, 1, &kprintf, 1, &refuse, 0, &result);
	expect("no memory", &result, GHOST_ERROR_PLACEMENT, "basic: no memory");
	struct placement misaligned = { .base = 0xffffffff80400010ull };
	link_placed(&module, 1, &kprintf, 1, &misaligned, 0, &result);
	expect("misaligned address", &result, GHOST_ERROR_PLACEMENT,
	       "not page-aligned or wrapping: 0xffffffff80400010");
	struct placement top = { .base = 0xfffffffffffff000ull };
	link_placed(&module, 1, &kprintf, 1, &top, 0, &result);
	expect("image wrapping past 2^64", &result, GHOST_ERROR_PLACEMENT, "wrapping");
	struct placement fine = { .base = 0xffffffff80400000ull };
	link_placed(&module, 1, &kprintf, 1, &fine, 64, &result);
	expect("workspace of 64 bytes", &result, GHOST_ERROR_WORKSPACE, "workspace too small");

	static const char *const nomodinfo[] = { "nomodinfo" };
	link_fixtures(nomodinfo, 1, NULL, 0, &result);
	expect("no GB_MODULE", &result, GHOST_ERROR_MODULE_INFO, "no .gbmodinfo section");

	static const char *const pic[] = { "pic" }, *const pic_norelax[] = { "pic_norelax" };
	link_fixtures(pic, 1, NULL, 0, &result);
	expect("-fpic", &result, GHOST_ERROR_RELOCATION_TYPE,
	       "relocation type not supported: R_X86_64_REX_GOTPCRELX against kernel_ticks");
	link_fixtures(pic_norelax, 1, NULL, 0, &result);
	expect("-fpic without relaxable relocations", &result, GHOST_ERROR_RELOCATION_TYPE,
	       "relocation type not supported: R_X86_64_GOTPCREL against kernel_ticks");
}

/* A well-formed module links, and what ghost reports is consistent. */
static void basic_links(void)
{
	struct ghost_module_file module = named(&basic, "basic");
	struct ghost_export kprintf = { .name = "kprintf", .address = FAKE_KERNEL_BASE };
	struct link_result result;
	link_modules(&module, 1, &kprintf, 1, 0xffffffff80400000ull, &result);
	const struct ghost_linked_module *m = &result.linked[0];
	CHECK(result.ok && result.error.status == GHOST_OK && result.error.text[0] == '\0',
	      "basic links%s", failure_text(&result.error));
	CHECK(m->virt_addr == 0xffffffff80400000ull && m->size % GHOST_PAGE_SIZE == 0 &&
		      m->text.offset == 0 && m->rodata.offset % GHOST_PAGE_SIZE == 0 &&
		      m->data.offset % GHOST_PAGE_SIZE == 0 &&
		      m->text.offset + m->text.size <= m->rodata.offset &&
		      m->rodata.offset + m->rodata.size <= m->data.offset &&
		      m->data.offset + m->data.size <= m->size,
	      "text, read-only data and data on pages of their own");
	CHECK(m->init >= m->virt_addr + m->text.offset &&
		      m->init < m->virt_addr + m->text.offset + m->text.size && m->exit == 0,
	      "init lies in the text, exit is 0");
	CHECK(m->export_count == 1 && m->exports >= m->virt_addr + m->rodata.offset &&
		      m->exports < m->virt_addr + m->data.offset + m->data.size,
	      "one export, its table in the image");
	release_link(&result);
}

int main(void)
{
	basic = fixture("basic");
	basic_links();
	damaged_objects();
	overflows();
	symbols();
	weak_symbols();
	order_and_versions();
	caller_errors();
	free(basic.bytes);
	CHECK_EXIT();
}
