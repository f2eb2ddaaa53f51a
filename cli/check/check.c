/* ghostboot check: whether each entry of the configuration on an image, a
 * device or in a directory would boot, read as stage 2 reads it. */
#include "cli/check/check.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/check/entry_check.h"
#include "cli/check/host_config.h"
#include "cli/check/uefi_loader.h"
#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/disk/boot_config.h"
#include "cli/install/uninstall.h"

static const char usage[] =
	"usage: ghostboot check IMG|DEVICE|CONFIGDIR\n"
	"\n"
	"Reads the configuration stage 2 would read, from an image or a device\n"
	"(with stage 2's own filesystem readers) or from a directory holding\n"
	"boot/ghostboot.cfg (or ghostboot.cfg) and the files it names, and says\n"
	"for each entry whether it would boot: its files are there and match their\n"
	"sha256= pins, the kernel is one stage 2 loads, and the modules link\n"
	"against it. On an image or device it also checks the boot code as\n"
	"install --verify does. Exits 0 when the boot code is intact and every\n"
	"entry would boot, 1 otherwise.\n"
	"\n"
	"  -h, --help  show this help\n";

static int read_from_image(void *context, const char *path, struct file_bytes *file,
			   const char **why)
{
	uint8_t *bytes;
	size_t size;

	if (boot_config_load_file(context, path, &bytes, &size, why) != 0) {
		file->bytes = 0;
		return -1;
	}
	*file = (struct file_bytes){ .path = path, .bytes = bytes, .size = size };
	return 0;
}

/* A directory stands for the volume's root. */
static int read_from_directory(void *context, const char *path, struct file_bytes *file,
			       const char **why)
{
	char *full = malloc(strlen(context) + strlen(path) + 1);
	struct stat info;
	int result = -1;

	file->bytes = 0;
	if (!full) {
		*why = "out of memory";
		return -1;
	}
	sprintf(full, "%s%s", (const char *)context, path);
	if (strstr(path, "/../") || (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0))
		*why = "its path leaves the directory through '..'";
	else if (stat(full, &info) != 0)
		*why = errno == ENOENT ? "file not found" : strerror(errno);
	else if (!S_ISREG(info.st_mode))
		*why = "not a regular file";
	else if (file_bytes_read(full, file) != 0)
		*why = "cannot be read";
	else
		result = 0;
	file->path = path;
	free(full);
	return result;
}

/* One line an entry on stdout; the reasons went to stderr before it. */
static unsigned report_entries(const char *target, const struct config *config,
			       const struct check_files *files)
{
	unsigned failed = 0, i;

	if (entry_check_some(config) != 0)
		return 1;
	for (i = 0; i < config->entry_count; i++) {
		const struct config_entry *entry = &config->entries[i];
		int bad = entry_check(config, entry, files) != 0;

		printf("%s: entry %s: %s\n", target, entry->name,
		       bad ? "will not boot" : "will boot");
		failed += bad;
	}
	return failed;
}

/* Stage 2 reads /boot/ghostboot.cfg, else /ghostboot.cfg. */
static int check_directory(const char *directory)
{
	char *path = malloc(strlen(directory) + sizeof("/boot/ghostboot.cfg"));
	struct check_files files = { read_from_directory, (void *)directory };
	struct host_config host;
	unsigned failed;

	if (!path)
		return error("out of memory");
	sprintf(path, "%s/boot/ghostboot.cfg", directory);
	if (access(path, F_OK) != 0)
		sprintf(path, "%s/ghostboot.cfg", directory);
	if (host_config_read(path, &host) != 0) {
		free(path);
		return -1;
	}
	failed = report_entries(directory, host.config, &files);
	host_config_free(&host);
	free(path);
	return failed ? -1 : 0;
}

/* The configuration, the boot code as install --verify checks it (not for
 * an image made for UEFI alone: no stage 1, an intact UEFI loader), the
 * UEFI loader, then every entry. */
static int check_image(const char *image)
{
	struct boot_config boot_config;
	struct check_files files = { read_from_image, &boot_config };
	int boot_code;
	unsigned failed;

	/* Without a configuration there is nothing to boot, nor to check. */
	if (boot_config_open(&boot_config, image) != 0)
		return -1;
	switch (uefi_loader_check(&boot_config, image)) {
	case UEFI_LOADER_DIFFERS:
		boot_code = -1;
		break;
	case UEFI_LOADER_INTACT:
		boot_code = uefi_loader_has_stage1(&boot_config) ? install_verify(image) : 0;
		break;
	default:
		boot_code = install_verify(image);
	}
	failed = report_entries(image, &boot_config.config, &files);
	boot_config_close(&boot_config);
	return failed || boot_code != 0 ? -1 : 0;
}

int check_command(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct stat info;
	const char *target;
	int option;

	while ((option = getopt_long(argc, argv, ":h", long_options, 0)) != -1) {
		if (option != 'h')
			return option_error("check", option, argv);
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (optind + 1 != argc)
		return usage_error("check", optind == argc ? "name an image, a device or a directory"
							   : "check takes one target");
	target = argv[optind];
	if (stat(target, &info) != 0) {
		error("cannot read %s: %s", target, strerror(errno));
		return EXIT_FAILED;
	}
	if (S_ISDIR(info.st_mode))
		return check_directory(target) == 0 ? EXIT_OK : EXIT_FAILED;
	return check_image(target) == 0 ? EXIT_OK : EXIT_FAILED;
}
