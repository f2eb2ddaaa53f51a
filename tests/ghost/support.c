#include "tests/ghost/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ghost/elf_file.h"

static void fatal(const char *what, const char *detail)
{
	printf("not ok - %s %s\n", what, detail);
	exit(1);
}

const char *build_path(const char *relative)
{
	static char path[4096];
	const char *build = getenv("BUILD");
	snprintf(path, sizeof path, "%s/%s", build && *build ? build : "build", relative);
	return path;
}

struct file read_file(const char *path)
{
	struct file f = { 0 };
	FILE *in = fopen(path, "rb");
	if (!in)
		fatal("cannot open", path);
	fseek(in, 0, SEEK_END);
	f.size = (size_t)ftell(in);
	rewind(in);
	f.bytes = malloc(f.size ? f.size : 1);
	if (!f.bytes || fread(f.bytes, 1, f.size, in) != f.size)
		fatal("cannot read", path);
	fclose(in);
	return f;
}

void write_file(const char *path, const void *bytes, size_t size)
{
	FILE *out = fopen(path, "wb");
	if (!out || fwrite(bytes, 1, size, out) != size || fclose(out) != 0)
		fatal("cannot write", path);
}

struct file copy_file(const struct file *file)
{
	struct file copy = { malloc(file->size), file->size };
	memcpy(copy.bytes, file->bytes, file->size);
	return copy;
}

struct ghost_module_file module_file(const struct file *file, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *start = slash ? slash + 1 : path;
	const char *dot = strrchr(start, '.');
	size_t length = dot ? (size_t)(dot - start) : strlen(start);
	char *name = malloc(length + 1);
	memcpy(name, start, length);
	name[length] = '\0';
	return (struct ghost_module_file){ .bytes = file->bytes, .size = file->size, .name = name };
}

Elf64_Ehdr *elf_header(const struct file *file)
{
	return (Elf64_Ehdr *)file->bytes;
}

Elf64_Shdr *elf_section(const struct file *file, unsigned index)
{
	return (Elf64_Shdr *)(file->bytes + elf_header(file)->e_shoff) + index;
}

const char *elf_section_name(const struct file *file, const Elf64_Shdr *section)
{
	const Elf64_Shdr *names = elf_section(file, elf_header(file)->e_shstrndx);
	return (const char *)file->bytes + names->sh_offset + section->sh_name;
}

Elf64_Shdr *elf_section_named(const struct file *file, const char *name)
{
	for (unsigned i = 1; i < elf_header(file)->e_shnum; i++)
		if (strcmp(elf_section_name(file, elf_section(file, i)), name) == 0)
			return elf_section(file, i);
	return NULL;
}

static Elf64_Shdr *symbol_table(const struct file *file)
{
	for (unsigned i = 1; i < elf_header(file)->e_shnum; i++)
		if (elf_section(file, i)->sh_type == SHT_SYMTAB)
			return elf_section(file, i);
	return NULL;
}

unsigned elf_symbol_count(const struct file *file)
{
	Elf64_Shdr *table = symbol_table(file);
	return table ? (unsigned)(table->sh_size / sizeof(Elf64_Sym)) : 0;
}

Elf64_Sym *elf_symbol(const struct file *file, unsigned index)
{
	return (Elf64_Sym *)(file->bytes + symbol_table(file)->sh_offset) + index;
}

const char *elf_symbol_name(const struct file *file, const Elf64_Sym *symbol)
{
	const Elf64_Shdr *names = elf_section(file, symbol_table(file)->sh_link);
	return (const char *)file->bytes + names->sh_offset + symbol->st_name;
}

Elf64_Sym *elf_symbol_named(const struct file *file, const char *name)
{
	for (unsigned i = 1; i < elf_symbol_count(file); i++)
		if (strcmp(elf_symbol_name(file, elf_symbol(file, i)), name) == 0)
			return elf_symbol(file, i);
	return NULL;
}

Elf64_Rela *elf_relocations_for(const struct file *file, const char *target, unsigned *count)
{
	for (unsigned i = 1; i < elf_header(file)->e_shnum; i++) {
		Elf64_Shdr *s = elf_section(file, i);
		if (s->sh_type == SHT_RELA && s->sh_info < elf_header(file)->e_shnum &&
		    strcmp(elf_section_name(file, elf_section(file, s->sh_info)), target) == 0) {
			*count = (unsigned)(s->sh_size / sizeof(Elf64_Rela));
			return (Elf64_Rela *)(file->bytes + s->sh_offset);
		}
	}
	*count = 0;
	return NULL;
}

uint64_t fake_address(const char *name, unsigned n)
{
	if (strncmp(name, "low_", 4) == 0)
		return FAKE_LOW_BASE + 0x100 * (uint64_t)n;
	return FAKE_KERNEL_BASE + 0x1000 + 0x40 * (uint64_t)n;
}

static bool listed(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/* The version `file` states for its import `name` in .gbimports, or 0. */
static uint32_t stated_version(const struct file *file, const char *name)
{
	unsigned count;
	const Elf64_Rela *r = elf_relocations_for(file, ".gbimports", &count);
	const Elf64_Shdr *imports = elf_section_named(file, ".gbimports");
	for (unsigned i = 0; i < count; i++) {
		const Elf64_Sym *symbol = elf_symbol(file, ELF64_R_SYM(r[i].r_info));
		uint32_t version;
		if (strcmp(elf_symbol_name(file, symbol), name) != 0)
			continue;
		memcpy(&version, file->bytes + imports->sh_offset + r[i].r_offset + 8,
		       sizeof version);
		return version;
	}
	return 0;
}

void add_fake_exports(const struct file *file, const char *const *skip,
		      struct ghost_export *exports, uint32_t *count)
{
	for (unsigned i = 1; i < elf_symbol_count(file); i++) {
		Elf64_Sym *s = elf_symbol(file, i);
		const char *name = elf_symbol_name(file, s);
		if (s->st_shndx != SHN_UNDEF || ELF64_ST_BIND(s->st_info) == STB_WEAK ||
		    listed(name, skip))
			continue;
		bool known = false;
		for (uint32_t e = 0; e < *count; e++)
			known |= strcmp(exports[e].name, name) == 0;
		if (known || *count == MAX_EXPORTS)
			continue;
		exports[*count] = (struct ghost_export){
			.name = name,
			.address = fake_address(name, *count),
			.version = stated_version(file, name),
			.function = true,
		};
		++*count;
	}
}

bool place_in_heap(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
		   uint8_t **image)
{
	struct placement *p = context;
	if (p->refuse || module >= MAX_MODULES || size > (64u << 20))
		return false;
	uint8_t *buffer = malloc((size_t)size + 2 * GUARD_SIZE);
	if (!buffer)
		return false;
	memset(buffer, GUARD_BYTE, (size_t)size + 2 * GUARD_SIZE);
	p->buffers[module] = buffer;
	p->sizes[module] = size;
	*virt_addr = p->base + module * p->stride;
	*image = buffer + GUARD_SIZE;
	return true;
}

bool guards_intact(const struct placement *p)
{
	for (unsigned m = 0; m < MAX_MODULES; m++) {
		if (!p->buffers[m])
			continue;
		const uint8_t *after = p->buffers[m] + GUARD_SIZE + p->sizes[m];
		for (unsigned i = 0; i < GUARD_SIZE; i++)
			if (p->buffers[m][i] != GUARD_BYTE || after[i] != GUARD_BYTE)
				return false;
	}
	return true;
}

void release_link(struct link_result *result)
{
	for (unsigned m = 0; m < MAX_MODULES; m++) {
		free(result->placement.buffers[m]);
		result->placement.buffers[m] = NULL;
	}
	free(result->workspace);
	result->workspace = NULL;
}

bool read_kernel_exports(const struct file *file, struct ghost_export *exports,
			 uint32_t capacity, uint32_t *count, struct ghost_error *error)
{
	struct ghost_elf_file elf;
	return ghost_elf_open(&elf, file->bytes, file->size, "kernel", GHOST_NO_MODULE, ET_EXEC,
			      error) &&
	       ghost_read_kernel_exports(&elf, exports, capacity, count, error);
}

const char *failure_text(const struct ghost_error *error)
{
	static char text[GHOST_ERROR_TEXT_MAX + 2];
	if (error->status == GHOST_OK)
		return "";
	snprintf(text, sizeof text, ": %s", error->text);
	return text;
}

void link_placed(const struct ghost_module_file *modules, uint32_t count,
		 const struct ghost_export *exports, uint32_t export_count,
		 const struct placement *how, size_t workspace_size, struct link_result *result)
{
	uint64_t bytes = 0;
	for (uint32_t i = 0; i < count; i++)
		bytes += modules[i].size;
	if (workspace_size == 0)
		workspace_size = (size_t)ghost_workspace_bound(bytes, count, export_count);
	memset(result, 0, sizeof *result);
	result->workspace = malloc(workspace_size ? workspace_size : 1);
	result->placement.base = how->base;
	result->placement.stride = how->stride;
	result->placement.refuse = how->refuse;
	struct ghost_link_request request = {
		.kernel_exports = exports,
		.kernel_export_count = export_count,
		.modules = modules,
		.module_count = count,
		.place = place_in_heap,
		.place_context = &result->placement,
		.workspace = result->workspace,
		.workspace_size = workspace_size,
	};
	result->ok = ghost_link_modules(&request, result->linked, result->order, &result->error);
}

void link_modules(const struct ghost_module_file *modules, uint32_t count,
		  const struct ghost_export *exports, uint32_t export_count, uint64_t base,
		  struct link_result *result)
{
	struct placement how = { .base = base, .stride = 0x100000 };
	link_placed(modules, count, exports, export_count, &how, 0, result);
}
