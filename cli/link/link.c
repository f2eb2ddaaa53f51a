#include "cli/link/link.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ghostboot/prelinked.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/link/elf_append.h"
#include "cli/link/kernel_elf.h"
#include "cli/link/module_files.h"
#include "cli/link/prelink.h"

/* stage2/kernel_load.h: the PT_LOAD segments stage 2 loads at most. */
#define REGIONS_PER_MODULE 3

static const char usage[] =
	"usage: ghostboot link --kernel FILE --module FILE... -o OUT\n"
	"\n"
	"Links the modules into a copy of the kernel at build time, as stage 2\n"
	"would at boot: each module after the kernel in the top 2 GiB, its text,\n"
	"read-only data and data in PT_LOAD segments of their own, and the table\n"
	"of modules in the section .gbprelinked. Stage 2 hands those modules to\n"
	"the kernel like modules it linked itself; no --module is needed at boot.\n"
	"\n"
	"  --kernel FILE     the kernel ELF, not linked with modules before\n"
	"  --module FILE     a module (ELF relocatable); repeatable, up to 64;\n"
	"                    the order does not matter\n"
	"  -o, --output OUT  the linked kernel to write\n"
	"  -h, --help        show this help\n";

struct link_options {
	const char *kernel;
	const char *output;
	char **modules;
	uint32_t module_count;
};

static uint32_t add_region(struct added_segment *segments, const struct prelink *prelink,
			   uint32_t module, const struct ghost_region *region, uint32_t flags)
{
	const struct ghost_linked_module *l = &prelink->linked[module];
	const uint8_t *bytes = l->image + region->offset;
	uint64_t virt = l->virt_addr + region->offset;

	if (region->size == 0)
		return 0;
	/* Whole pages in memory: stage 2 maps and checks modules by the page. */
	segments->header = (Elf64_Phdr){
		.p_type = PT_LOAD,
		.p_flags = flags,
		.p_vaddr = virt,
		.p_paddr = virt - prelink->virt_to_phys,
		/* The loader zero-fills the rest, as it does .bss. */
		.p_filesz = ghost_region_used_size(bytes, region->size),
		.p_memsz = (region->size + GHOST_PAGE_SIZE - 1) & ~(uint64_t)(GHOST_PAGE_SIZE - 1),
		.p_align = GHOST_PAGE_SIZE,
	};
	segments->bytes = bytes;
	return 1;
}

/* One segment per non-empty region, modules in address order. */
static uint32_t module_segments(const struct prelink *prelink, struct added_segment *segments)
{
	uint32_t count = 0, i;

	for (i = 0; i < prelink->count; i++) {
		const struct ghost_linked_module *l = &prelink->linked[i];
		count += add_region(segments + count, prelink, i, &l->text, PF_R | PF_X);
		count += add_region(segments + count, prelink, i, &l->rodata, PF_R);
		count += add_region(segments + count, prelink, i, &l->data, PF_R | PF_W);
	}
	return count;
}

/* The .gbprelinked section: the header, then the modules in init order,
 * each with the entries it imports from as bits. */
static void fill_table(const struct prelink *prelink, const struct module_files *modules,
		       uint8_t *table)
{
	struct gb_prelinked_header header = { GB_PRELINKED_MAGIC, prelink->count };
	uint32_t position_of[GB_PRELINKED_MAX];
	uint32_t position, other;

	for (position = 0; position < prelink->count; position++)
		position_of[prelink->init_order[position]] = position;
	memcpy(table, &header, sizeof(header));
	for (position = 0; position < prelink->count; position++) {
		uint32_t index = prelink->init_order[position];
		const struct ghost_linked_module *l = &prelink->linked[index];
		struct gb_prelinked_module entry = {
			.virt_addr = l->virt_addr,
			.phys_addr = l->virt_addr - prelink->virt_to_phys,
			.size = l->size,
			.init = l->init,
			.exit = l->exit,
			.exports = l->exports,
			.export_count = l->export_count,
		};
		strncpy(entry.name, modules->modules[index].name, sizeof(entry.name) - 1);
		for (other = 0; other < prelink->count; other++)
			if (other != index && ghost_module_imports_from(l, other))
				entry.depends_mask |= 1ull << position_of[other];
		memcpy(table + sizeof(header) + position * sizeof(entry), &entry, sizeof(entry));
	}
}

static int check_names(const struct module_files *modules)
{
	uint32_t i, j;

	for (i = 0; i < modules->count; i++) {
		const char *name = modules->modules[i].name;
		if (name[0] == '\0' || strlen(name) >= GB_PRELINKED_NAME_MAX)
			return error("module %s: its name (the file name without directory and "
				     "extension) must be 1 to %u characters",
				     modules->files[i].path, GB_PRELINKED_NAME_MAX - 1);
		for (j = 0; j < i; j++)
			if (strcmp(name, modules->modules[j].name) == 0)
				return error("two modules named %s: %s and %s", name,
					     modules->files[j].path, modules->files[i].path);
	}
	return 0;
}

static int write_linked_kernel(const struct kernel_elf *kernel, const struct module_files *modules,
			       const struct prelink *prelink, const char *output)
{
	size_t table_size = sizeof(struct gb_prelinked_header) +
			    prelink->count * sizeof(struct gb_prelinked_module);
	struct added_segment *segments = calloc(prelink->count * REGIONS_PER_MODULE + 1,
						sizeof(*segments));
	uint8_t *table = calloc(1, table_size);
	uint32_t segment_count, kernel_loads = 0, i;
	int result = -1;

	if (!segments || !table) {
		error("out of memory");
		goto done;
	}
	segment_count = module_segments(prelink, segments);
	for (i = 0; i < kernel->segment_count; i++)
		kernel_loads += kernel->segments[i].p_type == PT_LOAD;
	if (kernel_loads + segment_count > GB_KERNEL_SEGMENTS_MAX)
		warning("%s will have %u loadable segments; stage 2 loads at most %u", output,
			kernel_loads + segment_count, GB_KERNEL_SEGMENTS_MAX);
	fill_table(prelink, modules, table);
	result = elf_append_write(kernel,
				  segments, segment_count,
				  &(struct added_section){ .name = GB_PRELINKED_SECTION,
							   .type = SHT_PROGBITS,
							   .bytes = table,
							   .size = table_size,
							   .align = 8 },
				  output);
done:
	free(segments);
	free(table);
	return result;
}

static void print_summary(const struct module_files *modules, const struct prelink *prelink,
			  const char *output)
{
	uint32_t position;

	printf("ghostboot: linked %u modules into %s, in init order:", prelink->count, output);
	for (position = 0; position < prelink->count; position++) {
		uint32_t index = prelink->init_order[position];
		printf(" %s at 0x%llx", modules->modules[index].name,
		       (unsigned long long)prelink->linked[index].virt_addr);
		if (position + 1 < prelink->count)
			putchar(',');
	}
	putchar('\n');
}

static int link_kernel(const struct link_options *options)
{
	struct file_bytes kernel_file;
	struct module_files modules = { 0 };
	struct kernel_elf kernel;
	struct prelink prelink;
	Elf64_Shdr section;
	int result = -1;

	if (file_bytes_read(options->kernel, &kernel_file) != 0)
		return -1;
	if (kernel_elf_read(&kernel, &kernel_file) != 0) {
		file_bytes_free(&kernel_file);
		return -1;
	}
	if (kernel_elf_find_section(&kernel, GB_PRELINKED_SECTION, &section))
		error("kernel %s: already has modules linked in (%s); link the kernel as built",
		      options->kernel, GB_PRELINKED_SECTION);
	else if (module_files_read(&modules, options->modules, options->module_count) == 0 &&
		 check_names(&modules) == 0 && prelink_modules(&prelink, &kernel, &modules) == 0) {
		result = write_linked_kernel(&kernel, &modules, &prelink, options->output);
		if (result == 0)
			print_summary(&modules, &prelink, options->output);
		prelink_free(&prelink);
	}
	module_files_free(&modules);
	kernel_elf_free(&kernel);
	file_bytes_free(&kernel_file);
	return result;
}

int link_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "kernel", required_argument, 0, 'k' },
		{ "module", required_argument, 0, 'm' },
		{ "output", required_argument, 0, 'o' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct link_options options = { 0 };
	int option, result;

	options.modules = calloc((size_t)argc + 1, sizeof(*options.modules));
	if (!options.modules) {
		error("out of memory");
		return EXIT_FAILED;
	}
	while ((option = getopt_long(argc, argv, ":ho:", long_options, 0)) != -1) {
		switch (option) {
		case 'k':
			options.kernel = optarg;
			break;
		case 'm':
			options.modules[options.module_count++] = optarg;
			break;
		case 'o':
			options.output = optarg;
			break;
		case 'h':
			free(options.modules);
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			free(options.modules);
			return option_error("link", option, argv);
		}
	}
	if (optind < argc)
		result = usage_error("link", "unexpected argument '%s'", argv[optind]);
	else if (!options.kernel)
		result = usage_error("link", "name the kernel with --kernel");
	else if (options.module_count == 0)
		result = usage_error("link", "name at least one --module");
	else if (options.module_count > GB_PRELINKED_MAX)
		result = usage_error("link", "at most %u modules can be linked into a kernel, not %u",
				     GB_PRELINKED_MAX, options.module_count);
	else if (!options.output)
		result = usage_error("link", "name the output with -o");
	else {
		cleanup_catch_signals();
		result = link_kernel(&options) == 0 ? EXIT_OK : EXIT_FAILED;
	}
	free(options.modules);
	return result;
}
