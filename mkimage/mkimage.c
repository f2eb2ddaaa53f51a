#include "mkimage/mkimage.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/common/progress.h"
#include "cli/disk/bootcode.h"
#include "cli/disk/image.h"
#include "cli/install/install.h"
#include "cli/tools/mtools.h"
#include "cli/tools/tool.h"
#include "mkimage/config_text.h"
#include "mkimage/contents.h"
#include "mkimage/format.h"
#include "mkimage/image_check.h"
#include "mkimage/mkfs.h"
#include "mkimage/output.h"
#include "mkimage/recipe.h"
#include "mkimage/reproducible.h"
#include "mkimage/staging.h"

#define DEFAULT_SIZE (64ull * 1024 * 1024)

static const char usage[] =
	"usage: ghostboot mkimage -o IMG [--recipe FILE] [--size 64M]\n"
	"                         [--fs fat12|fat16|fat32|ext2|ext4]\n"
	"                         [--table mbr|gpt|none] [--firmware bios|uefi|both]\n"
	"                         [--kernel FILE] [--module FILE]...\n"
	"                         [--linux BZIMAGE] [--initrd FILE]...\n"
	"                         [--cmdline TEXT] [--config FILE] [--add SRC=DEST]...\n"
	"                         [--no-check] [--progress]\n"
	"\n"
	"Builds a bootable raw disk image: a partition table with one filesystem,\n"
	"the files below on it, and ghostboot installed for BIOS, UEFI or both. Needs sfdisk, mkfs.fat and\n"
	"mtools, or mke2fs and debugfs; no root. IMG is replaced only when the image\n"
	"is complete, and only when every entry of its configuration passes the\n"
	"checks of `ghostboot check`. With SOURCE_DATE_EPOCH set, the same inputs give the same image,\n"
	"bit for bit.\n"
	"\n"
	"  -o, --output IMG  the image file to write\n"
	"  --recipe FILE     the settings below from FILE, one a line (`fs fat32`,\n"
	"                    `module PATH`, `add SRC DEST`); options given as well\n"
	"                    add to them or, for --size, --fs and --table, win\n"
	"  --size SIZE       image size: bytes, or with K, M, G, T (default 64M)\n"
	"  --fs TYPE         fat12 (volume 1-32 MiB), fat16 (9 MiB-2047 MiB), fat32\n"
	"                    (33 MiB and up; the default), ext2 or ext4\n"
	"  --table TYPE      mbr: partition 1 from 1 MiB (the default); gpt: a BIOS\n"
	"                    boot partition at 1 MiB, partition 2 from 2 MiB; none:\n"
	"                    the filesystem spans the whole image\n"
	"  --firmware TYPE   bios: stage 1 and 2; uefi: the UEFI loader as\n"
	"                    \\EFI\\BOOT\\BOOTX64.EFI on an EFI system partition (the\n"
	"                    FAT volume, or a 16 MiB partition beside an ext one:\n"
	"                    3 on a GPT, 2 on an MBR; FAT with no table too);\n"
	"                    both (the default for a\n"
	"                    GPT with FAT; else bios)\n"
	"  --kernel FILE     copied to /boot/kernel.elf\n"
	"  --module FILE     copied to /boot/modules/<name of FILE>; repeatable\n"
	"  --linux BZIMAGE   a Linux kernel instead of --kernel, copied to\n"
	"                    /boot/vmlinuz and booted by the Linux boot protocol\n"
	"  --initrd FILE     an initrd for it, copied to /boot/<name of FILE>;\n"
	"                    repeatable: the files are concatenated in order\n"
	"  --cmdline TEXT    the kernel's command line\n"
	"  --config FILE     copied to /boot/ghostboot.cfg; without it, mkimage\n"
	"                    writes one entry, `default`, from --kernel, --module,\n"
	"                    --linux, --initrd and --cmdline, pinning each file by\n"
	"                    its SHA-256\n"
	"  --add SRC=DEST    copy the host file SRC to the absolute path DEST;\n"
	"                    repeatable\n"
	"  --no-check        write the image even if an entry would not boot\n"
	"  --progress        a line on stderr for each step; without it, only for\n"
	"                    images over 256 MiB when stderr is a terminal\n"
	"  -h, --help        show this help\n";

struct mkimage_options {
	const char *output;
	struct format_layout layout;
	const char *cmdline;
	int has_kernel, has_config, has_linux, has_initrd, has_module;
	int no_check;
	int progress;
	struct contents contents;
	char *uefi_loader; /* the temporary copy of the UEFI loader */
	struct reproducible repro;
};

static int parse_fs(const char *value, enum format_fs *fs)
{
	static const struct {
		const char *name;
		enum format_fs fs;
	} types[] = {
		{ "fat12", FORMAT_FAT12 }, { "fat16", FORMAT_FAT16 }, { "fat32", FORMAT_FAT32 },
		{ "ext2", FORMAT_EXT2 },   { "ext4", FORMAT_EXT4 },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(value, types[i].name) == 0) {
			*fs = types[i].fs;
			return 0;
		}
	}
	return usage_error("mkimage", "--fs takes fat12, fat16, fat32, ext2 or ext4, not '%s'",
			   value);
}

static int parse_firmware(const char *value, enum format_firmware *firmware)
{
	if (strcmp(value, "bios") == 0)
		*firmware = FORMAT_FIRMWARE_BIOS;
	else if (strcmp(value, "uefi") == 0)
		*firmware = FORMAT_FIRMWARE_UEFI;
	else if (strcmp(value, "both") == 0)
		*firmware = FORMAT_FIRMWARE_BOTH;
	else
		return usage_error("mkimage", "--firmware takes bios, uefi or both, not '%s'", value);
	return 0;
}

static int parse_table(const char *value, enum format_table *table)
{
	if (strcmp(value, "mbr") == 0)
		*table = FORMAT_TABLE_MBR;
	else if (strcmp(value, "gpt") == 0)
		*table = FORMAT_TABLE_GPT;
	else if (strcmp(value, "none") == 0)
		*table = FORMAT_TABLE_NONE;
	else
		return usage_error("mkimage", "--table takes mbr, gpt or none, not '%s'", value);
	return 0;
}

/* --add SRC=DEST: the first '=' splits, so DEST may hold one. */
static int parse_add(char *value, struct contents *contents)
{
	char *equals = strchr(value, '=');

	if (!equals || equals == value || equals[1] == '\0')
		return usage_error("mkimage", "--add takes SRC=DEST, not '%s'", value);
	*equals = '\0';
	return contents_add(contents, CONTENT_EXTRA, value, equals + 1);
}

/* What parse_options returns besides an exit status to leave with. */
enum { OPTIONS_OK = 0, OPTIONS_HELP_SHOWN = -1 };

static int parse_options(int argc, char **argv, struct mkimage_options *options)
{
	static const struct option long_options[] = {
		{ "output", required_argument, 0, 'o' }, { "size", required_argument, 0, 's' },
		{ "fs", required_argument, 0, 'f' },     { "table", required_argument, 0, 't' },
		{ "kernel", required_argument, 0, 'k' }, { "module", required_argument, 0, 'm' },
		{ "cmdline", required_argument, 0, 'c' }, { "config", required_argument, 0, 'C' },
		{ "add", required_argument, 0, 'a' },    { "no-check", no_argument, 0, 'n' },
		{ "progress", no_argument, 0, 'P' },     { "help", no_argument, 0, 'h' },
		{ "linux", required_argument, 0, 'L' },  { "initrd", required_argument, 0, 'I' },
		{ "firmware", required_argument, 0, 'F' }, { 0, 0, 0, 0 },
	};
	int option;
	int status;

	while ((option = getopt_long(argc, argv, ":o:h", long_options, 0)) != -1) {
		status = 0;
		switch (option) {
		case 'o':
			options->output = optarg;
			break;
		case 's':
			if (parse_size(optarg, &options->layout.bytes) != 0)
				return usage_error("mkimage", "--size takes a size such as 64M, "
							      "not '%s'",
						   optarg);
			break;
		case 'f':
			status = parse_fs(optarg, &options->layout.fs);
			break;
		case 't':
			status = parse_table(optarg, &options->layout.table);
			break;
		case 'F':
			status = parse_firmware(optarg, &options->layout.firmware);
			break;
		case 'k':
			if (options->has_kernel)
				return usage_error("mkimage", "--kernel given twice");
			options->has_kernel = 1;
			status = contents_add(&options->contents, CONTENT_KERNEL, optarg, 0);
			break;
		case 'm':
			options->has_module = 1;
			status = contents_add(&options->contents, CONTENT_MODULE, optarg, 0);
			break;
		case 'L':
			if (options->has_linux)
				return usage_error("mkimage", "--linux given twice");
			options->has_linux = 1;
			status = contents_add(&options->contents, CONTENT_LINUX, optarg, 0);
			break;
		case 'I':
			options->has_initrd = 1;
			status = contents_add(&options->contents, CONTENT_INITRD, optarg, 0);
			break;
		case 'c':
			options->cmdline = optarg;
			break;
		case 'C':
			if (options->has_config)
				return usage_error("mkimage", "--config given twice");
			options->has_config = 1;
			status = contents_add(&options->contents, CONTENT_CONFIG, optarg, 0);
			break;
		case 'a':
			status = parse_add(optarg, &options->contents);
			break;
		case 'n':
			options->no_check = 1;
			break;
		case 'P':
			options->progress = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return OPTIONS_HELP_SHOWN;
		default:
			return option_error("mkimage", option, argv);
		}
		if (status != 0)
			return status < 0 ? EXIT_FAILED : status;
	}
	if (optind < argc)
		return usage_error("mkimage", "unexpected argument '%s'", argv[optind]);
	if (!options->output)
		return usage_error("mkimage", "name the image to write with -o IMG");
	if (!options->has_kernel && !options->has_linux && !options->has_config)
		return usage_error("mkimage", "nothing to boot: give --kernel FILE, --linux FILE or "
					      "--config FILE");
	if (options->has_linux && (options->has_kernel || options->has_module))
		return usage_error("mkimage", "--linux boots a Linux kernel: without --kernel and "
					      "--module");
	if (options->has_initrd && !options->has_linux)
		return usage_error("mkimage", "--initrd goes with --linux");
	if (options->has_config && options->cmdline)
		return usage_error("mkimage", "--cmdline goes into the configuration; with --config "
					      "FILE, write it there");
	return format_choose_firmware(&options->layout);
}

static int copy_contents(const char *image, const struct format_volume *volume,
			 const struct contents *contents)
{
	struct fat_target target;
	unsigned i;
	int result = 0;

	if (fat_target_open(&target, image, volume->first_lba * SECTOR_SIZE) != 0)
		return -1;
	for (i = 0; i < contents->count && result == 0; i++) {
		progress_step("copying %s (file %u of %u)", contents->files[i].destination, i + 1,
			      contents->count);
		result = fat_target_copy(&target, contents->files[i].source,
					 contents->files[i].destination);
	}
	fat_target_close(&target);
	return result;
}

/* Reserved sectors on a FAT volume without a partition table: the boot
 * sector, FAT32's FSInfo and backup boot sector (sectors 1, 6 and 7), and
 * room for stage 2 twice over, so that a larger one fits later. */
static uint32_t reserved_sectors_for(const struct format_layout *layout)
{
	if (layout->table != FORMAT_TABLE_NONE)
		return 0;
	return 8 + 2 * bootcode_stage2_sectors();
}

/* The filesystem with the files on it: mke2fs copies a staging tree,
 * mkfs.fat makes an empty volume that mtools fills. */
static int make_filesystem(const char *image, const struct mkimage_options *options,
			   const struct format_volume *volume)
{
	char *staging;
	int result;

	if (format_is_fat(options->layout.fs))
		return mkfs_fat(image, options->layout.fs, volume,
				reserved_sectors_for(&options->layout), &options->repro) == 0
			       ? copy_contents(image, volume, &options->contents)
			       : -1;
	staging = staging_create(&options->contents);
	if (!staging)
		return -1;
	result = mkfs_ext(image, options->layout.fs, volume, staging, &options->contents,
			  &options->repro);
	staging_remove(staging);
	return result;
}

static void report(const struct mkimage_options *options, const struct format_volume *volume,
		   const struct format_volume *esp)
{
	printf("ghostboot: wrote %s: %llu MiB, %s, ", options->output,
	       (unsigned long long)(options->layout.bytes >> 20),
	       format_table_name(options->layout.table));
	if (volume->number)
		printf("%s partition %u from sector %llu", format_fs_name(options->layout.fs),
		       volume->number, (unsigned long long)volume->first_lba);
	else
		printf("%s over the whole disk", format_fs_name(options->layout.fs));
	if (esp->number)
		printf(", EFI system partition %u", esp->number);
	printf(", %u files, for %s\n", options->contents.count,
	       format_firmware_name(options->layout.firmware));
}

/* The embedded UEFI loader, written to a temporary file (`*path`, freed by
 * the caller): on a FAT volume it is one of the files, else it goes to the
 * EFI system partition of its own (make_esp). */
static int add_uefi_loader(const struct format_layout *layout, struct contents *contents,
			   char **path)
{
	if (bootcode_uefi_file(path) != 0)
		return -1;
	if (format_separate_esp(layout))
		return 0;
	return contents_add(contents, CONTENT_EXTRA, *path, FORMAT_UEFI_LOADER_PATH);
}

/* The EFI system partition beside an ext volume: FAT, the loader alone. */
static int make_esp(const char *image, const struct mkimage_options *options,
		    const struct format_volume *esp)
{
	struct fat_target target;
	int result;

	progress_step("making the EFI system partition (%s)", format_fs_name(FORMAT_ESP_FS));
	if (mkfs_fat(image, FORMAT_ESP_FS, esp, 0, &options->repro) != 0 ||
	    fat_target_open(&target, image, esp->first_lba * SECTOR_SIZE) != 0)
		return -1;
	result = fat_target_copy(&target, options->uefi_loader, FORMAT_UEFI_LOADER_PATH);
	fat_target_close(&target);
	return result;
}

/* Table, filesystem and files, boot code into the temporary `image`, then
 * in place, each step announced when progress is shown. */
static int write_image(const char *image, const struct mkimage_options *options,
		       struct format_volume *volume, struct format_volume *esp)
{
	struct install_options install = { .quiet = 1 };

	progress_step("writing the partition table (%s)",
		      format_table_name(options->layout.table));
	if (format_partition(image, &options->layout, &options->repro, volume, esp) != 0)
		return -1;
	progress_step("making the %s filesystem", format_fs_name(options->layout.fs));
	if (make_filesystem(image, options, volume) != 0)
		return -1;
	if (esp->number && make_esp(image, options, esp) != 0)
		return -1;
	if (format_boots_bios(&options->layout)) {
		progress_step("installing the boot code");
		install.partition = volume->number;
		if (install_bootcode(image, &install) != 0)
			return -1;
	}
	progress_step("flushing and putting the image in place as %s", options->output);
	return output_commit(image, options->output);
}

static int build_image(struct mkimage_options *options)
{
	struct format_volume volume, esp;
	char *image = 0;
	char *config = 0;
	int result = -1;

	tool_writes(options->output);
	progress_start(options->progress, options->output, options->layout.bytes);
	if (format_boots_uefi(&options->layout) &&
	    add_uefi_loader(&options->layout, &options->contents, &options->uefi_loader) != 0)
		return -1;
	if (contents_check_sources(&options->contents) != 0 ||
	    contents_check_names(&options->contents, format_is_fat(options->layout.fs),
				 format_fs_name(options->layout.fs)) != 0 ||
	    output_check(options->output) != 0 ||
	    format_check_size(&options->layout) != 0 || bootcode_check() != 0)
		return -1;
	if (reproducible_init(&options->repro, &options->layout, &options->contents,
			      options->cmdline) != 0)
		return -1;
	if (!options->has_config) {
		config = config_text_write_temporary(&options->contents, options->cmdline);
		if (!config)
			return -1;
	}
	progress_step("checking the configuration's entries");
	if (image_check(&options->contents, options->layout.fs, options->no_check) != 0) {
		cleanup_files_now();
		free(config);
		return -1;
	}
	image = output_create_temporary(options->output, options->layout.bytes);
	if (image && write_image(image, options, &volume, &esp) == 0) {
		report(options, &volume, &esp);
		result = 0;
	}
	cleanup_files_now(); /* the configuration, the loader, and the image unless renamed */
	free(image);
	free(config);
	return result;
}

/* The options of `--recipe FILE` go first, so that those given as well
 * come after and win; `words` is the new argument vector. Returns
 * OPTIONS_OK or an exit status. */
static int read_recipe(int *argc, char ***argv, struct recipe *recipe, char ***words)
{
	const char *path = 0;
	int i, count = 1, skip = -1;

	for (i = 1; i < *argc && strcmp((*argv)[i], "--") != 0; i++) {
		if (strcmp((*argv)[i], "--recipe") != 0 && strncmp((*argv)[i], "--recipe=", 9) != 0)
			continue;
		if (path)
			return usage_error("mkimage", "--recipe given twice");
		if ((*argv)[i][8] == '=')
			path = (*argv)[i] + 9;
		else if (i + 1 < *argc)
			path = (*argv)[i + 1];
		else
			return usage_error("mkimage", "--recipe needs a value");
		skip = i;
	}
	if (!path)
		return OPTIONS_OK;
	if (recipe_read(path, recipe) != 0)
		return EXIT_FAILED;
	*words = malloc((recipe->count + (unsigned)*argc + 1) * sizeof(**words));
	if (!*words) {
		error("out of memory");
		return EXIT_FAILED;
	}
	(*words)[0] = (*argv)[0];
	for (i = 0; i < (int)recipe->count; i++)
		(*words)[count++] = recipe->words[i];
	for (i = 1; i < *argc; i++)
		if (i != skip && !(i == skip + 1 && (*argv)[skip][8] != '='))
			(*words)[count++] = (*argv)[i];
	(*words)[count] = 0;
	*argc = count;
	*argv = *words;
	return OPTIONS_OK;
}

int mkimage_command(int argc, char **argv)
{
	struct mkimage_options options = {
		.layout = { .table = FORMAT_TABLE_MBR, .fs = FORMAT_FAT32, .bytes = DEFAULT_SIZE },
	};
	struct recipe recipe = { 0 };
	char **words = 0;
	int status;

	contents_init(&options.contents);
	cleanup_catch_signals();
	status = read_recipe(&argc, &argv, &recipe, &words);
	if (status == OPTIONS_OK)
		status = parse_options(argc, argv, &options);
	if (status == OPTIONS_OK)
		status = build_image(&options) == 0 ? EXIT_OK : EXIT_FAILED;
	else if (status == OPTIONS_HELP_SHOWN)
		status = EXIT_OK;
	contents_free(&options.contents);
	free(options.uefi_loader);
	recipe_free(&recipe);
	free(words);
	return status;
}
