#include "cli/link/inspect.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ghostboot/prelinked.h>

#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/link/ghost_messages.h"
#include "cli/link/inspect_multiboot.h"
#include "cli/link/kernel_elf.h"
#include "cli/link/module_files.h"
#include "cli/link/prelink.h"
#include "ghost/elf_file.h"
#include "linux/bzimage.h"

static const char usage[] =
	"usage: ghostboot inspect FILE... [--kernel KERNEL]\n"
	"\n"
	"Describes each FILE: for a kernel (an ELF executable), the functions it\n"
	"exports to modules; for a module (an ELF relocatable), the name it\n"
	"declares, its imports (the symbols it leaves undefined) and its exports.\n"
	"For a kernel with a Multiboot 1 or 2 header, a line for each header and\n"
	"what it asks of the loader; a header that is wrong is an error. For a\n"
	"Linux bzImage, its boot protocol and how it can be loaded.\n"
	"\n"
	"With --kernel, checks instead that the modules FILE... would link against\n"
	"KERNEL's exports and each other's, where stage 2 and `ghostboot link` put\n"
	"them, and names every undefined symbol, so a build can fail instead of a\n"
	"boot. Exits 0 when they would link.\n"
	"\n"
	"  --kernel KERNEL  the kernel to check the modules against\n"
	"  -h, --help       show this help\n";

static void print_version(uint32_t version)
{
	if (version)
		printf(" version %u", version);
}

static void print_import(void *context, const struct ghost_module_symbol *import)
{
	(void)context;
	printf("  import %s", import->name);
	print_version(import->version);
	if (import->weak)
		fputs(" weak", stdout);
	putchar('\n');
}

static void print_export(void *context, const struct ghost_module_symbol *export)
{
	(void)context;
	printf("  export %s at +0x%llx", export->name, (unsigned long long)export->offset);
	print_version(export->version);
	putchar('\n');
}

struct symbol_counts {
	unsigned imports;
	unsigned exports;
};

static void count_import(void *context, const struct ghost_module_symbol *import)
{
	(void)import;
	((struct symbol_counts *)context)->imports++;
}

static void count_export(void *context, const struct ghost_module_symbol *export)
{
	(void)export;
	((struct symbol_counts *)context)->exports++;
}

/* "FILE: module NAME, N imports, M exports", then a line for each: ghost
 * reads the file twice, counting, then printing. */
static int describe_module(const struct file_bytes *file)
{
	char *file_name = module_name_of(file->path);
	const struct ghost_module_file module = {
		.bytes = file->bytes, .size = file->size, .name = file_name
	};
	uint64_t workspace_size = ghost_workspace_bound(ghost_module_table_bytes(&module), 1, 0);
	void *workspace = malloc((size_t)workspace_size);
	struct symbol_counts counts = { 0 };
	struct ghost_describe_request request = {
		.module = { file->bytes, file->size, file_name },
		.workspace = workspace,
		.workspace_size = (size_t)workspace_size,
		.on_import = count_import,
		.on_export = count_export,
		.context = &counts,
	};
	struct ghost_error failure;
	const char *name;
	int result = -1;

	if (!file_name || !workspace) {
		error("out of memory");
	} else if (!ghost_describe_module(&request, &name, &failure)) {
		ghost_error_report(&failure, 0);
	} else {
		printf("%s: module %s, %u import%s, %u export%s\n", file->path, name,
		       counts.imports, counts.imports == 1 ? "" : "s", counts.exports,
		       counts.exports == 1 ? "" : "s");
		request.on_import = print_import;
		request.on_export = print_export;
		result = ghost_describe_module(&request, &name, &failure) ? 0 : -1;
	}
	free(workspace);
	free(file_name);
	return result;
}

/* The modules `ghostboot link` put into the kernel (kernel_elf.c read and
 * checked their table and exports). */
static void describe_linked_in(const struct kernel_elf *kernel)
{
	uint32_t i;

	for (i = 0; i < kernel->linked_in_count; i++) {
		const struct gb_prelinked_module *entry = &kernel->linked_in[i];
		const struct gb_isolation *iso = &kernel->linked_in_isolation[i];
		printf("  linked-in module %s at 0x%llx, 0x%llx bytes, init 0x%llx, exports %u\n",
		       entry->name, (unsigned long long)entry->virt_addr,
		       (unsigned long long)entry->size, (unsigned long long)entry->init,
		       entry->export_count);
		if (entry->flags & GB_PRELINKED_ISOLATED)
			printf("    isolated: user 0x%llx-0x%llx, stack top 0x%llx, heap 0x%llx, "
			       "%u gates at 0x%llx, stubs at 0x%llx\n",
			       (unsigned long long)iso->user_start,
			       (unsigned long long)(iso->user_start + iso->user_size),
			       (unsigned long long)iso->stack_top, (unsigned long long)iso->heap,
			       iso->gate_count, (unsigned long long)iso->gates,
			       (unsigned long long)iso->gate_stubs);
	}
}

/* "FILE: kernel, N exports", a line for each, then the modules linked in. */
static int describe_kernel(const struct file_bytes *file)
{
	struct kernel_elf kernel;
	uint32_t i;

	if (kernel_elf_read(&kernel, file) != 0)
		return -1;
	printf("%s: ghostboot, ELF64 x86-64\n", file->path);
	printf("%s: kernel, %u export%s\n", file->path, kernel.own_export_count,
	       kernel.own_export_count == 1 ? "" : "s");
	for (i = 0; i < kernel.own_export_count; i++) {
		printf("  export %s at 0x%llx", kernel.exports[i].name,
		       (unsigned long long)kernel.exports[i].address);
		print_version(kernel.exports[i].version);
		putchar('\n');
	}
	describe_linked_in(&kernel);
	kernel_elf_free(&kernel);
	return 0;
}

/* "FILE: Linux bzImage, boot protocol 2.15", then how it can be loaded:
 * the fields stage 2 places it by (docs/linux.md). */
static void describe_bzimage(const char *path, const struct bzimage *z)
{
	printf("%s: Linux bzImage, boot protocol %u.%02u", path, z->version >> 8,
	       z->version & 0xff);
	if (z->version_string)
		printf(", version \"%.*s\"", (int)z->version_string_length, z->version_string);
	putchar('\n');
	printf("  entry: 32-bit at the load address%s%s\n",
	       (z->xloadflags & BZ_XLF_KERNEL_64) ? ", 64-bit at the load address + 0x200" : "",
	       (z->xloadflags & (BZ_XLF_EFI_HANDOVER_32 | BZ_XLF_EFI_HANDOVER_64))
		       ? ", EFI handover"
		       : "");
	if (z->relocatable)
		printf("  relocatable, kernel_alignment 0x%x, pref_address 0x%llx\n",
		       z->kernel_alignment, (unsigned long long)z->pref_address);
	else
		printf("  not relocatable: loads at 0x%llx\n", (unsigned long long)z->pref_address);
	printf("  protected-mode kernel 0x%llx bytes after 0x%x bytes of setup, init_size 0x%llx\n",
	       (unsigned long long)z->kernel_size, z->setup_size,
	       (unsigned long long)z->init_size);
	printf("  initrd below 0x%x%s, cmdline_size %u, xloadflags 0x%x\n", z->initrd_addr_max,
	       (z->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G) ? " (or above 4 GiB)" : "",
	       z->cmdline_size, z->xloadflags);
}

/* ghost's header check for a module also reads the ELF type of any file
 * with the ELF magic, which says whose reader checks the rest. A file that
 * is no ELF64 may still be a kernel by its Multiboot headers. */
static int describe_file(const char *path)
{
	struct file_bytes file;
	struct ghost_elf_file elf;
	struct ghost_error failure;
	struct bzimage bzimage;
	const char *why;
	uint16_t type = 0;
	int result;

	if (file_bytes_read(path, &file) != 0)
		return -1;
	/* A file with the setup header's magic is described as a bzImage, or
	 * refused with what is wrong with it. */
	why = bzimage_read(&bzimage, file.bytes, file.size, file.size);
	if (!why || (file.size >= BZ_VERSION && memcmp(file.bytes + BZ_HEADER, "HdrS", 4) == 0)) {
		if (why)
			result = error("%s: %s", path, why);
		else
			describe_bzimage(path, &bzimage);
		file_bytes_free(&file);
		return why ? -1 : 0;
	}
	if (ghost_elf_check_header(&elf, file.bytes, file.size, file.size, path, GHOST_NO_MODULE,
				   ET_REL, &failure))
		type = ET_REL;
	else if (failure.status != GHOST_ERROR_NOT_ELF)
		type = elf.header.e_type;
	int elf64 = file.size > 4 && file.bytes[4] == ELFCLASS64 && type;
	int multiboot = inspect_multiboot(&file);
	if (elf64 && type == ET_EXEC)
		result = describe_kernel(&file);
	else if (elf64 && type == ET_REL)
		result = describe_module(&file);
	else if (multiboot)
		result = 0;
	else
		result = error("%s: neither a kernel (an ELF64 executable, a Multiboot kernel or a "
			       "Linux bzImage) nor a module (an ELF relocatable object)",
			       path);
	file_bytes_free(&file);
	return multiboot < 0 ? -1 : result;
}

/* inspect --kernel: the modules linked as `ghostboot link` would, to memory
 * that is then thrown away. */
static int check_link(const char *kernel_path, char *const *paths, uint32_t count)
{
	struct file_bytes kernel_file;
	struct module_files modules = { 0 };
	struct kernel_elf kernel;
	struct prelink prelink;
	uint32_t position;
	int result = -1;

	if (file_bytes_read(kernel_path, &kernel_file) != 0)
		return -1;
	if (kernel_elf_read(&kernel, &kernel_file) == 0) {
		if (module_files_read(&modules, paths, count) == 0 &&
		    prelink_modules(&prelink, &kernel, &modules) == 0) {
			printf("ghostboot: %u modules link against %s (%u exports); init order:",
			       count, kernel_path, kernel.export_count);
			for (position = 0; position < count; position++)
				printf(" %s", modules.modules[prelink.init_order[position]].name);
			putchar('\n');
			prelink_free(&prelink);
			result = 0;
		}
		module_files_free(&modules);
		kernel_elf_free(&kernel);
	}
	file_bytes_free(&kernel_file);
	return result;
}

int inspect_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "kernel", required_argument, 0, 'k' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *kernel = 0;
	int option, failed = 0, i;

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		switch (option) {
		case 'k':
			kernel = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return option_error("inspect", option, argv);
		}
	}
	if (optind == argc)
		return usage_error("inspect", kernel ? "name the modules to check against the kernel"
						     : "name a kernel or module file to inspect");
	if (kernel)
		return check_link(kernel, argv + optind, (uint32_t)(argc - optind)) == 0
			       ? EXIT_OK
			       : EXIT_FAILED;
	/* Every file is described, even after one that fails. */
	for (i = optind; i < argc; i++)
		failed |= describe_file(argv[i]) != 0;
	return failed ? EXIT_FAILED : EXIT_OK;
}
