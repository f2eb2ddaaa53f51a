/* Loading a Multiboot kernel. Every header field is checked against the
 * file before anything is placed, and every place against what lives in
 * memory: a bad kernel stops the boot with its path and the problem. */
#include "stage2/protocols/multiboot_load.h"

#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/file_stream.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

#define ELF_CLASS32 1
#define ELF_CLASS64 2
#define ELF_MACHINE_386 3
#define ELF_MACHINE_X86_64 62
#define ELF_EXEC 2
#define ELF_PT_LOAD 1
#define ELF_SHF_ALLOC 2
#define ELF_SHT_NOBITS 8
#define MAX_PROGRAM_HEADERS 64
/* Copies of sections are this aligned, as a symbol table wants. */
#define SECTION_COPY_ALIGN 16
/* Sections handed over in copies of their own (symbols, strings, debug
 * information: a few dozen in real kernels); the one pass looks through
 * every place for each run it reads, so their number is bounded. */
#define MAX_SECTION_COPIES 256
#define LIMIT_4G 0x100000000ull

static uint8_t head_buffer[MB2_SEARCH_SIZE];
static uint8_t program_headers[MAX_PROGRAM_HEADERS * 56];

/* What was read apart from the pass that places the image: the head, the
 * program header table, the section header table. The pass must read the
 * same bytes (and, with a pin, hash them). */
static struct ghost_elf_piece held[3];
static uint32_t held_count;

static void hold(uint64_t offset, const uint8_t *bytes, uint64_t size)
{
	held[held_count++] = (struct ghost_elf_piece){ offset, size, bytes };
}

static uint64_t get(const uint8_t *p, unsigned size)
{
	uint64_t value = 0;
	while (size--)
		value = value << 8 | p[size];
	return value;
}

static void put(uint8_t *p, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size; i++, value >>= 8)
		p[i] = (uint8_t)value;
}

static void fail(const struct mb_image *image, const char *why)
{
	panic("kernel %s: %s", image->path, why);
}

void mb_header_fail(const char *path, const char *protocol, const char *why, uint32_t number)
{
	if (number == MB_NO_NUMBER)
		panic("kernel %s: %s header: %s", path, protocol, why);
	panic("kernel %s: %s header: %s %u", path, protocol, why, number);
}

void mb_open(struct fs_volume *volume, const char *path, struct mb_image *image)
{
	const char *why;
	*image = (struct mb_image){ .path = path, .head = head_buffer };
	if (file_open(volume, path, &image->file, &why))
		fail(image, why);
	image->head_size = image->file.size < MB2_SEARCH_SIZE ? (uint32_t)image->file.size
							       : MB2_SEARCH_SIZE;
	if (file_read_exact(&image->file, 0, head_buffer, image->head_size, &why))
		fail(image, why);
	held_count = 0;
	hold(0, head_buffer, image->head_size);
}

/* ELF field offsets that differ between the classes. */
struct elf_layout {
	unsigned word; /* 4 or 8: the size of addresses and offsets */
	unsigned header_size, phentsize, shentsize;
	unsigned e_entry, e_phoff, e_shoff, e_phentsize;
	unsigned p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
	unsigned sh_flags, sh_addr, sh_offset, sh_size;
};
static const struct elf_layout elf32 = { 4, 52, 32, 40, 24, 28, 32, 42, 4, 8, 12, 16, 20,
					 8, 12, 16, 20 };
static const struct elf_layout elf64 = { 8, 64, 56, 64, 24, 32, 40, 54, 8, 16, 24, 32, 40,
					 8, 16, 24, 32 };

static const struct elf_layout *elf_class(const struct mb_image *image)
{
	const uint8_t *h = image->head;
	if (image->head_size < 52 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
		return 0;
	if (h[4] == ELF_CLASS32)
		return &elf32;
	return h[4] == ELF_CLASS64 && image->head_size >= 64 ? &elf64 : 0;
}

static void add_segment(struct mb_image *image, struct mb_segment s)
{
	if (s.memsz == 0)
		return;
	if (image->segment_count == MB_MAX_SEGMENTS)
		fail(image, "more loadable segments than the loader takes");
	if (s.paddr >= LIMIT_4G || s.memsz > LIMIT_4G - s.paddr)
		fail(image, "a segment runs past 4 GiB");
	image->segments[image->segment_count++] = s;
}

static void plan_elf(struct mb_image *image, uint64_t *entry)
{
	const struct elf_layout *l = elf_class(image);
	const uint8_t *h = image->head;
	if (!l)
		fail(image, "not an ELF file, and its Multiboot header has no address fields");
	unsigned machine = (unsigned)get(h + 18, 2);
	if (h[5] != 1 || get(h + 16, 2) != ELF_EXEC ||
	    machine != (l == &elf32 ? ELF_MACHINE_386 : ELF_MACHINE_X86_64))
		fail(image, "not a little-endian x86 ELF executable");
	uint64_t phoff = get(h + l->e_phoff, l->word);
	unsigned phentsize = (unsigned)get(h + l->e_phentsize, 2);
	unsigned phnum = (unsigned)get(h + l->e_phentsize + 2, 2);
	if (phentsize != l->phentsize || phnum == 0 || phnum > MAX_PROGRAM_HEADERS)
		fail(image, "bad program header table size or count");
	if (phoff > image->file.size || (uint64_t)phnum * phentsize > image->file.size - phoff)
		fail(image, "the program headers lie past the end of the file");
	const char *why;
	if (file_read_exact(&image->file, phoff, program_headers, phnum * phentsize, &why))
		fail(image, why);
	hold(phoff, program_headers, phnum * phentsize);
	image->is_elf = 1;
	uint64_t e_entry = get(h + l->e_entry, l->word);
	int entry_found = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *p = program_headers + i * phentsize;
		if (get(p, 4) != ELF_PT_LOAD)
			continue;
		struct mb_segment s = { get(p + l->p_paddr, l->word), get(p + l->p_memsz, l->word),
					get(p + l->p_offset, l->word), get(p + l->p_filesz, l->word) };
		uint64_t vaddr = get(p + l->p_vaddr, l->word);
		if (s.filesz > s.memsz)
			fail(image, "a segment's file size exceeds its memory size");
		if (s.offset > image->file.size || s.filesz > image->file.size - s.offset)
			fail(image, "a segment's bytes lie past the end of the file");
		/* The entry is a virtual address; it is entered at its physical one. */
		if (s.memsz && e_entry >= vaddr && e_entry - vaddr < s.memsz && !entry_found) {
			entry_found = 1;
			*entry = e_entry - vaddr + s.paddr;
		}
		add_segment(image, s);
	}
	if (!*entry && !entry_found)
		fail(image, "the entry point lies outside every loadable segment");
}

void mb_plan(struct mb_image *image, const struct mb_address *address, uint32_t entry)
{
	uint64_t elf_entry = 0;
	if (address) {
		add_segment(image, (struct mb_segment){ address->load_addr,
							address->memory_end - address->load_addr,
							address->file_offset, address->load_size });
	} else {
		elf_entry = entry; /* an entry address tag overrides the ELF entry */
		plan_elf(image, &elf_entry);
	}
	image->entry = entry ? entry : elf_entry;
	if (image->segment_count == 0)
		fail(image, "no loadable segments");
	image->start = ~0ull;
	image->end = 0;
	for (uint32_t i = 0; i < image->segment_count; i++) {
		const struct mb_segment *s = &image->segments[i];
		for (uint32_t j = 0; j < i; j++) {
			const struct mb_segment *t = &image->segments[j];
			if (s->paddr < t->paddr + t->memsz && t->paddr < s->paddr + s->memsz)
				fail(image, "two segments overlap in physical memory");
		}
		if (s->paddr < image->start)
			image->start = s->paddr;
		if (s->paddr + s->memsz > image->end)
			image->end = s->paddr + s->memsz;
	}
}

void mb_relocate(struct mb_image *image, uint64_t delta)
{
	for (uint32_t i = 0; i < image->segment_count; i++)
		image->segments[i].paddr += delta;
	image->entry += delta;
	image->start += delta;
	image->end += delta;
}

/* The section header table, read into loader memory and held; 0 for an
 * image without one. */
static uint8_t *read_section_table(struct mb_image *image, const struct elf_layout *l)
{
	const uint8_t *h = image->head;
	uint64_t shoff = get(h + l->e_shoff, l->word);
	unsigned shentsize = (unsigned)get(h + l->e_phentsize + 4, 2);
	unsigned shnum = (unsigned)get(h + l->e_phentsize + 6, 2);
	unsigned shstrndx = (unsigned)get(h + l->e_phentsize + 8, 2);
	if (shoff == 0 || shnum == 0)
		return 0;
	uint64_t file_size = image->file.size;
	if (shentsize != l->shentsize || shoff > file_size ||
	    (uint64_t)shnum * shentsize > file_size - shoff || shstrndx >= shnum)
		fail(image, "bad section header table");
	uint8_t *table = memory_reserve(shnum * shentsize);
	if (!table)
		fail(image, "no free memory for its section headers");
	const char *why;
	if (file_read_exact(&image->file, shoff, table, shnum * shentsize, &why))
		fail(image, why);
	hold(shoff, table, shnum * shentsize);
	image->sections = (uint32_t)(uintptr_t)table;
	image->section_count = shnum;
	image->section_size = shentsize;
	image->section_names = shstrndx;
	return table;
}

/* Whether the kernel is handed section `s` (symbols, strings) apart from
 * the segments: not loaded as a section, with bytes inside the file. */
static int handed_apart(const struct mb_image *image, const struct elf_layout *l,
			const uint8_t *s, uint64_t *offset, uint64_t *size)
{
	*offset = get(s + l->sh_offset, l->word);
	*size = get(s + l->sh_size, l->word);
	return !(get(s + l->sh_flags, l->word) & ELF_SHF_ALLOC) && get(s + 4, 4) != ELF_SHT_NOBITS &&
	       *size != 0 && *offset <= image->file.size && *size <= image->file.size - *offset;
}

/* The segment whose file bytes hold [offset, offset + size), or 0. */
static const struct mb_segment *segment_holding(const struct mb_image *image, uint64_t offset,
						uint64_t size)
{
	for (uint32_t i = 0; i < image->segment_count; i++) {
		const struct mb_segment *s = &image->segments[i];
		if (offset >= s->offset && offset - s->offset <= s->filesz &&
		    size <= s->filesz - (offset - s->offset))
			return s;
	}
	return 0;
}

/* Bytes for the copies of the sections handed apart that no segment
 * holds; their count in `*count`. */
static uint64_t section_copies_size(const struct mb_image *image, const struct elf_layout *l,
				    const uint8_t *table, uint32_t *count)
{
	uint64_t total = 0, offset, size;
	*count = 0;
	for (uint32_t i = 0; i < image->section_count; i++) {
		const uint8_t *s = table + i * image->section_size;
		if (handed_apart(image, l, s, &offset, &size) && !segment_holding(image, offset, size)) {
			total += ALIGN_UP(size, (uint64_t)SECTION_COPY_ALIGN);
			(*count)++;
		}
	}
	return total;
}

/* Each section handed apart gets the place the kernel finds it in sh_addr:
 * in the segment that loads its bytes, else its copy, the places after the
 * segments' in `places` in section order. */
static void point_sections(const struct mb_image *image, const struct elf_layout *l,
			   uint8_t *table, const struct file_place *copies)
{
	uint64_t offset, size;
	for (uint32_t i = 0; i < image->section_count; i++) {
		uint8_t *s = table + i * image->section_size;
		if (!handed_apart(image, l, s, &offset, &size))
			continue;
		const struct mb_segment *in = segment_holding(image, offset, size);
		put(s + l->sh_addr, l->word,
		    in ? in->paddr + (offset - in->offset) : (uintptr_t)(copies++)->to);
	}
}

void mb_place(struct mb_image *image, const struct config_file *ref)
{
	int entry_inside = 0;
	for (uint32_t i = 0; i < image->segment_count; i++) {
		const struct mb_segment *s = &image->segments[i];
		const char *what = memory_conflict(s->paddr, s->memsz);
		if (what)
			panic("kernel %s: segment at 0x%llx-0x%llx overlaps %s", image->path,
			      (unsigned long long)s->paddr, (unsigned long long)(s->paddr + s->memsz),
			      what);
		if (image->entry >= s->paddr && image->entry - s->paddr < s->memsz)
			entry_inside = 1;
	}
	if (!entry_inside)
		fail(image, "the entry address lies outside the loaded image");
	for (uint32_t i = 0; i < image->segment_count; i++)
		memory_claim(image->segments[i].paddr, image->segments[i].memsz);

	/* The section headers (an ELF image's, unless address fields load it)
	 * and copies of the sections handed apart, which the pass fills. */
	const struct elf_layout *l = image->is_elf ? elf_class(image) : 0;
	uint8_t *table = l ? read_section_table(image, l) : 0;
	uint32_t copy_count = 0;
	uint8_t *copy = 0;
	if (table) {
		uint64_t copies_size = section_copies_size(image, l, table, &copy_count);
		if (copy_count > MAX_SECTION_COPIES)
			panic("kernel %s: %u sections to hand over apart from its segments, more than "
			      "the %u the loader takes", image->path, copy_count, MAX_SECTION_COPIES);
		if (copies_size >= 0x40000000 ||
		    (copies_size && !(copy = memory_reserve((uint32_t)copies_size))))
			panic("kernel %s: no free memory for %llu bytes of its sections", image->path,
			      (unsigned long long)copies_size);
	}

	/* The list of places lives only for the pass. */
	struct memory_mark mark;
	memory_mark(&mark);
	uint32_t place_count = image->segment_count + copy_count;
	struct file_place *places = memory_reserve(place_count * sizeof *places);
	if (!places)
		fail(image, "no free memory to plan its reading");
	for (uint32_t i = 0; i < image->segment_count; i++) {
		const struct mb_segment *s = &image->segments[i];
		places[i] = (struct file_place){ s->offset, s->filesz, memory_at(s->paddr) };
	}
	for (uint32_t i = 0, n = image->segment_count; n < place_count; i++) {
		uint64_t offset, size;
		const uint8_t *s = table + i * image->section_size;
		if (!handed_apart(image, l, s, &offset, &size) || segment_holding(image, offset, size))
			continue;
		places[n++] = (struct file_place){ offset, size, copy };
		copy += ALIGN_UP(size, (uint64_t)SECTION_COPY_ALIGN);
	}
	const char *why;
	if (file_stream(&image->file, ref, places, place_count, held, held_count, &why))
		fail(image, why);
	if (table)
		point_sections(image, l, table, places + image->segment_count);
	memory_release(&mark);
	for (uint32_t i = 0; i < image->segment_count; i++) {
		const struct mb_segment *s = &image->segments[i];
		memset(memory_at(s->paddr + s->filesz), 0, (size_t)(s->memsz - s->filesz));
	}
}

uint32_t mb_modules_load(const struct boot_context *context, struct mb_module *modules)
{
	const struct config_entry *entry = context->entry;
	uint32_t count = 0;
	for (unsigned i = 0; i < entry->module_count; i++) {
		const struct config_file *ref = &context->config->modules[entry->first_module + i];
		if (ref->is_raw || ref->is_list)
			panic("entry %s: %s %s: %s lines are for protocol ghostboot; a Multiboot "
			      "module is a `module` line", entry->name, ref->is_raw ? "file" : "modules",
			      ref->path, ref->is_raw ? "file" : "modules");
		void *data;
		uint64_t size;
		const char *why;
		if (file_load(context->volume, ref, &data, &size, &why)) {
			if (!ref->optional)
				panic("module %s: %s", ref->path, why);
			console_printf("ghostboot: warning: optional module %s skipped: %s\n",
				       ref->path, why);
			continue;
		}
		modules[count++] = (struct mb_module){ (uint32_t)(uintptr_t)data,
						       (uint32_t)((uintptr_t)data + size), ref->string };
	}
	return count;
}

void mb_memory_sizes(uint32_t *lower, uint32_t *upper)
{
	const struct gb_memory_region *regions;
	uint32_t count = memory_regions(&regions);
	*lower = *upper = 0;
	for (uint32_t i = 0; i < count; i++) {
		const struct gb_memory_region *r = &regions[i];
		uint64_t end = r->base + r->length;
		if (r->type != GB_MEMORY_USABLE)
			continue;
		if (r->base == 0)
			*lower = (uint32_t)((end < 0xa0000 ? end : 0xa0000) / 1024);
		if (r->base <= 0x100000 && end > 0x100000)
			*upper = (uint32_t)(((end < LIMIT_4G ? end : LIMIT_4G) - 0x100000) / 1024);
	}
}

uint32_t mb_partition(const struct boot_context *context)
{
	return context->boot_partition ? context->boot_partition - 1 : 0xff;
}

void enter_multiboot(uint32_t magic, uint32_t info, uint32_t entry);

void mb_enter(const struct mb_image *image, uint32_t magic, uint32_t info)
{
	console_printf("ghostboot: entering the kernel at 0x%llx (%s)\n",
		       (unsigned long long)image->entry,
		       magic == MB1_BOOT_MAGIC ? "multiboot1" : "multiboot2");
	cpu_restore_before_handoff();
	enter_multiboot(magic, info, (uint32_t)image->entry);
	__builtin_unreachable();
}
