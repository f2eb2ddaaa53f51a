/* `ghostboot link` against ghost itself: the sample modules are linked
 * into the sample kernel by the CLI, and again here by ghost at the
 * placement the CLI documents (docs/cli.md, "ghostboot link"). The output
 * is read with the tests' own ELF helpers, not the CLI's reader: the
 * kernel's bytes and segments unchanged, one PT_LOAD per non-empty region
 * holding exactly ghost's bytes, and a .gbprelinked table that matches
 * ghost's result field for field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ghostboot/prelinked.h>

#include "tests/check.h"
#include "tests/ghost/support.h"

#define AREA_ALIGN 0x200000ull
#define MODULE_COUNT 3

static const char *const module_paths[MODULE_COUNT] = {
	"modules/hello.gbm", /* given out of init order on purpose */
	"modules/console.gbm",
	"modules/checksum.gbm",
};

static Elf64_Phdr *program_header(const struct file *file, unsigned index)
{
	return (Elf64_Phdr *)(file->bytes + elf_header(file)->e_phoff) + index;
}

/* Module i right after module i - 1 and a one-page gap. */
struct sequential_placement {
	uint64_t next;
	uint8_t *images[MODULE_COUNT];
};

static bool place_sequentially(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
			       uint8_t **image)
{
	struct sequential_placement *p = context;
	p->images[module] = calloc(1, size);
	*virt_addr = p->next;
	*image = p->images[module];
	p->next += size + GHOST_PAGE_SIZE;
	return p->images[module] != NULL;
}

static bool run_link(const char *output)
{
	char command[8192];
	/* build_path returns one static buffer: each use is copied out at once. */
	int n = snprintf(command, sizeof command, "%s link", build_path("ghostboot"));
	n += snprintf(command + n, sizeof command - (size_t)n, " --kernel %s",
		      build_path("kernel/kernel.elf"));
	for (unsigned i = 0; i < MODULE_COUNT; i++)
		n += snprintf(command + n, sizeof command - (size_t)n, " --module %s",
			      build_path(module_paths[i]));
	snprintf(command + n, sizeof command - (size_t)n, " -o %s >/dev/null", output);
	return system(command) == 0;
}

/* One past the highest byte of the kernel's PT_LOAD segments, and their
 * common virtual-minus-physical offset. */
static void kernel_extent(const struct file *kernel, uint64_t *end, uint64_t *virt_to_phys)
{
	*end = 0;
	for (unsigned i = 0; i < elf_header(kernel)->e_phnum; i++) {
		const Elf64_Phdr *p = program_header(kernel, i);
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_vaddr + p->p_memsz > *end)
			*end = p->p_vaddr + p->p_memsz;
		*virt_to_phys = p->p_vaddr - p->p_paddr;
	}
}

static bool all_zero(const uint8_t *bytes, uint64_t size)
{
	for (uint64_t i = 0; i < size; i++)
		if (bytes[i] != 0)
			return false;
	return true;
}

static void check_kernel_kept(const struct file *kernel, const struct file *out)
{
	const Elf64_Ehdr *k = elf_header(kernel), *o = elf_header(out);
	CHECK(out->size > kernel->size &&
		      memcmp(out->bytes + sizeof *k, kernel->bytes + sizeof *k,
			     kernel->size - sizeof *k) == 0,
	      "the kernel's bytes after the ELF header are kept as they were");
	CHECK(memcmp(o->e_ident, k->e_ident, sizeof k->e_ident) == 0 && o->e_entry == k->e_entry &&
		      o->e_type == k->e_type && o->e_shstrndx == k->e_shstrndx,
	      "the ELF header keeps the entry point and identity");
	CHECK(o->e_phoff >= kernel->size && o->e_shoff >= kernel->size,
	      "the new header tables come after the kernel's bytes");
	bool kept = o->e_phnum > k->e_phnum;
	for (unsigned i = 0; kept && i < k->e_phnum; i++) {
		const Elf64_Phdr *p = program_header(kernel, i);
		kept = memcmp(program_header(out, i), p, sizeof *p) == 0 &&
		       (p->p_type != PT_LOAD ||
			memcmp(out->bytes + p->p_offset, kernel->bytes + p->p_offset, p->p_filesz) == 0);
	}
	CHECK(kept, "the kernel's %u program headers and their bytes come first, unchanged",
	      k->e_phnum);
	kept = o->e_shnum == k->e_shnum + 1;
	for (unsigned i = 0; kept && i < k->e_shnum; i++)
		kept = i == k->e_shstrndx ||
		       memcmp(elf_section(out, i), elf_section(kernel, i), sizeof(Elf64_Shdr)) == 0;
	const Elf64_Shdr *names = elf_section(kernel, k->e_shstrndx);
	const Elf64_Shdr *new_names = elf_section(out, o->e_shstrndx);
	CHECK(kept && new_names->sh_size > names->sh_size &&
		      memcmp(out->bytes + new_names->sh_offset, kernel->bytes + names->sh_offset,
			     names->sh_size) == 0,
	      "the kernel's section headers are kept, the name table extended, one section added");
}

/* The segments of one region: at its address, with its bytes, or none
 * when the region is empty. Returns the next program header's index. */
static unsigned check_region(const struct file *out, unsigned index, const char *module,
			     const char *what, const struct ghost_linked_module *l,
			     const struct ghost_region *region, uint32_t flags, uint64_t virt_to_phys)
{
	if (region->size == 0)
		return index;
	const Elf64_Phdr *p = program_header(out, index);
	uint64_t virt = l->virt_addr + region->offset;
	uint64_t pages = (region->size + GHOST_PAGE_SIZE - 1) & ~(uint64_t)(GHOST_PAGE_SIZE - 1);
	bool placed = index < elf_header(out)->e_phnum && p->p_type == PT_LOAD &&
		      p->p_flags == flags && p->p_vaddr == virt &&
		      p->p_paddr == virt - virt_to_phys && p->p_memsz == pages &&
		      p->p_filesz <= region->size && p->p_align == GHOST_PAGE_SIZE &&
		      p->p_offset % GHOST_PAGE_SIZE == 0 && p->p_offset + p->p_filesz <= out->size;
	CHECK(placed, "%s %s: a PT_LOAD at 0x%llx, %llu bytes in memory", module, what,
	      (unsigned long long)virt, (unsigned long long)pages);
	if (placed)
		CHECK(memcmp(out->bytes + p->p_offset, l->image + region->offset, p->p_filesz) == 0 &&
			      all_zero(l->image + region->offset + p->p_filesz,
				       region->size - p->p_filesz),
		      "%s %s: the segment's bytes are ghost's, zeros after its file bytes", module,
		      what);
	return index + 1;
}

static void check_table(const struct file *out, const struct ghost_module_file *modules,
			const struct link_result *ghost, uint64_t virt_to_phys)
{
	const Elf64_Shdr *s = elf_section_named(out, GB_PRELINKED_SECTION);
	CHECK(s != NULL && s->sh_type == SHT_PROGBITS && s->sh_flags == 0 &&
		      s->sh_size == sizeof(struct gb_prelinked_header) +
					    MODULE_COUNT * (sizeof(struct gb_prelinked_module) +
							    sizeof(struct gb_isolation)),
	      "a section " GB_PRELINKED_SECTION " of a header, %u entries and their isolation",
	      MODULE_COUNT);
	if (s == NULL)
		return;
	struct gb_prelinked_header header;
	memcpy(&header, out->bytes + s->sh_offset, sizeof header);
	CHECK(header.magic == GB_PRELINKED_MAGIC && header.count == MODULE_COUNT,
	      "its header has the magic and the count");
	for (uint32_t position = 0; position < MODULE_COUNT; position++) {
		uint32_t index = ghost->order[position];
		const struct ghost_linked_module *l = &ghost->linked[index];
		struct gb_prelinked_module e;
		memcpy(&e, out->bytes + s->sh_offset + sizeof header + position * sizeof e, sizeof e);
		uint64_t depends = 0;
		for (uint32_t other = 0; other < position; other++)
			if (ghost_module_imports_from(l, ghost->order[other]))
				depends |= 1ull << other;
		struct gb_isolation none, isolation;
		memset(&none, 0, sizeof none);
		memcpy(&isolation,
		       out->bytes + s->sh_offset + sizeof header + MODULE_COUNT * sizeof e +
			       position * sizeof isolation,
		       sizeof isolation);
		CHECK(memcmp(&isolation, &none, sizeof none) == 0,
		      "entry %u, linked direct, has no isolation", position);
		CHECK(strcmp(e.name, modules[index].name) == 0 && e.virt_addr == l->virt_addr &&
			      e.phys_addr == l->virt_addr - virt_to_phys && e.size == l->size &&
			      e.init == l->init && e.exit == l->exit && e.exports == l->exports &&
			      e.export_count == l->export_count && e.flags == 0 &&
			      e.depends_mask == depends,
		      "entry %u is %s, in init order, as ghost linked it (depends 0x%llx)", position,
		      modules[index].name, (unsigned long long)depends);
	}
}

int main(void)
{
	char directory[] = "/tmp/ghostboot-linked.XXXXXX";
	char output[sizeof directory + 16];
	if (!mkdtemp(directory)) {
		printf("not ok - cannot make a scratch directory\n");
		return 1;
	}
	snprintf(output, sizeof output, "%s/linked.elf", directory);
	CHECK(run_link(output), "ghostboot link writes the linked kernel");
	struct file kernel = read_file(build_path("kernel/kernel.elf"));
	struct file out = read_file(output);
	unlink(output);
	rmdir(directory);

	struct file files[MODULE_COUNT];
	struct ghost_module_file modules[MODULE_COUNT];
	for (unsigned i = 0; i < MODULE_COUNT; i++) {
		files[i] = read_file(build_path(module_paths[i]));
		modules[i] = module_file(&files[i], module_paths[i]);
	}
	struct ghost_export exports[MAX_EXPORTS];
	uint32_t export_count;
	struct ghost_error error;
	CHECK(read_kernel_exports(&kernel, exports, MAX_EXPORTS, &export_count, &error),
	      "the kernel's exports%s", failure_text(&error));

	uint64_t end, virt_to_phys = 0;
	kernel_extent(&kernel, &end, &virt_to_phys);
	struct sequential_placement placement = { .next = (end + AREA_ALIGN - 1) & ~(AREA_ALIGN - 1) };
	uint64_t total = 0;
	for (unsigned i = 0; i < MODULE_COUNT; i++)
		total += modules[i].size;
	struct link_result ghost = { 0 };
	uint64_t workspace_size = ghost_workspace_bound(total, MODULE_COUNT, export_count);
	ghost.workspace = malloc((size_t)workspace_size);
	struct ghost_link_request request = {
		.kernel_exports = exports,
		.kernel_export_count = export_count,
		.modules = modules,
		.module_count = MODULE_COUNT,
		.place = place_sequentially,
		.place_context = &placement,
		.workspace = ghost.workspace,
		.workspace_size = (size_t)workspace_size,
	};
	ghost.ok = ghost_link_modules(&request, ghost.linked, ghost.order, &ghost.error);
	CHECK(ghost.ok, "ghost links the modules at the documented placement%s",
	      failure_text(&ghost.error));
	if (!ghost.ok || out.size <= sizeof(Elf64_Ehdr))
		CHECK_EXIT();

	check_kernel_kept(&kernel, &out);
	unsigned index = elf_header(&kernel)->e_phnum;
	for (unsigned i = 0; i < MODULE_COUNT; i++) {
		const struct ghost_linked_module *l = &ghost.linked[i];
		index = check_region(&out, index, modules[i].name, "text", l, &l->text, PF_R | PF_X,
				     virt_to_phys);
		index = check_region(&out, index, modules[i].name, "rodata", l, &l->rodata, PF_R,
				     virt_to_phys);
		index = check_region(&out, index, modules[i].name, "data", l, &l->data,
				     PF_R | PF_W, virt_to_phys);
	}
	CHECK(index == elf_header(&out)->e_phnum, "no other program headers (%u in all)", index);
	check_table(&out, modules, &ghost, virt_to_phys);
	for (unsigned i = 0; i < MODULE_COUNT; i++)
		free(placement.images[i]);
	CHECK_EXIT();
}
