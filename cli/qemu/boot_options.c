#include "cli/qemu/boot_options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/diag.h"
#include "cli/common/options.h"
#include "cli/disk/floppy.h"
#include "cli/qemu/cmdline_overlay.h"
#include "cli/qemu/firmware.h"
#include "cli/tools/tool.h"

/* isapc: a machine without PCI, for the oldest CPUs stage 2 supports. */
static const char *const known_machines[MACHINES_MAX] = { "pc", "q35", "isapc" };
static const char *const known_disks[DISKS_MAX] = { "ide", "ahci", "virtio", "floppy" };

int boot_options_init(struct boot_options *options, const char *command, int argc)
{
	memset(options, 0, sizeof(*options));
	options->command = command;
	strcpy(options->setup.memory, QEMU_DEFAULT_MEMORY);
	options->setup.exit_port = QEMU_DEFAULT_EXIT_PORT;
	options->rules.exit_port = QEMU_DEFAULT_EXIT_PORT;
	options->rules.success_code = VERDICT_DEFAULT_SUCCESS_CODE;
	/* Every argument could be a repeated option. */
	options->setup.extra = calloc((size_t)argc + 1, sizeof(char *));
	options->rules.fail_texts = calloc((size_t)argc + 1, sizeof(char *));
	options->rules.expected = calloc((size_t)argc + 1, sizeof(char *));
	if (!options->setup.extra || !options->rules.fail_texts || !options->rules.expected) {
		boot_options_free(options);
		return error("out of memory");
	}
	return 0;
}

void boot_options_free(struct boot_options *options)
{
	free(options->setup.extra);
	free(options->rules.fail_texts);
	free(options->rules.expected);
	options->setup.extra = 0;
	options->rules.fail_texts = 0;
	options->rules.expected = 0;
}

/* "pc,q35" into `chosen`, each one of `known`, none twice. */
static int parse_list(const struct boot_options *options, const char *option, const char *value,
		      const char *const *known, unsigned known_count, const char **chosen,
		      unsigned *count)
{
	const char *at = value;

	*count = 0;
	for (;;) {
		size_t length = strcspn(at, ",");
		unsigned i, j;

		for (i = 0; i < known_count; i++)
			if (strlen(known[i]) == length && strncmp(at, known[i], length) == 0)
				break;
		if (i == known_count)
			return usage_error(options->command, "%s takes %s, not '%.*s'", option,
					   known == known_machines ? "pc, q35 or isapc" : "ide, ahci, virtio or floppy",
					   (int)length, at);
		for (j = 0; j < *count; j++)
			if (chosen[j] == known[i])
				return usage_error(options->command, "%s names %s twice", option,
						   known[i]);
		chosen[(*count)++] = known[i];
		if (at[length] == '\0')
			return 0;
		at += length + 1;
	}
}

/* --memory: "512M", "2G", or a plain number of MiB as QEMU's -m takes it. */
static int parse_memory(struct boot_options *options, const char *value)
{
	unsigned long mib;
	uint64_t bytes;

	if (parse_unsigned(value, 1ul << 24, &mib) == 0) {
		bytes = (uint64_t)mib << 20;
	} else if (parse_size(value, &bytes) != 0 || bytes % (1u << 20) != 0) {
		bytes = 0;
	}
	if (bytes < (2u << 20) || bytes > (1ull << 44))
		return usage_error(options->command, "--memory takes a size in MiB, 2M to 16T "
						     "(such as 512M or 2G), not '%s'",
				   value);
	snprintf(options->setup.memory, sizeof(options->setup.memory), "%lluM",
		 (unsigned long long)(bytes >> 20));
	return 0;
}

/* A value a line of the configuration can hold (docs/configuration.md). */
static int parse_cmdline(struct boot_options *options, const char *value)
{
	const char *c;

	for (c = value; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return usage_error(options->command, "--cmdline takes one line of text "
							     "without control characters");
	options->cmdline = value;
	return 0;
}

static int parse_text(struct boot_options *options, const char *option, const char *value,
		      const char **slot)
{
	if (value[0] == '\0')
		return usage_error(options->command, "%s needs a non-empty text", option);
	*slot = value;
	return 0;
}

int boot_option(struct boot_options *options, int option, char *const argv[])
{
	struct verdict_rules *rules = &options->rules;
	struct qemu_setup *setup = &options->setup;
	const char *command = options->command;

	switch (option) {
	case 1:
		if (options->image)
			return usage_error(command, "unexpected argument '%s' (QEMU's arguments go "
						    "after --)",
					   optarg);
		options->image = optarg;
		return 0;
	case BOOT_OPTION_MACHINE:
		return parse_list(options, "--machine", optarg, known_machines, MACHINES_MAX,
				  options->machines, &options->machine_count);
	case BOOT_OPTION_DISK:
		return parse_list(options, "--disk", optarg, known_disks, DISKS_MAX, options->disks,
				  &options->disk_count);
	case BOOT_OPTION_MEMORY:
		return parse_memory(options, optarg);
	case BOOT_OPTION_SMP:
		if (parse_unsigned(optarg, 255, &setup->smp) != 0 || setup->smp == 0)
			return usage_error(command, "--smp takes 1 to 255 CPUs, not '%s'", optarg);
		return 0;
	case BOOT_OPTION_CPU:
		return parse_text(options, "--cpu", optarg, &setup->cpu);
	case BOOT_OPTION_QEMU_ARG:
		setup->extra[setup->extra_count++] = optarg;
		return 0;
	case BOOT_OPTION_QEMU:
		return parse_text(options, "--qemu", optarg, &setup->program);
	case BOOT_OPTION_PASS:
		if (rules->pass_text)
			return usage_error(command, "--pass may be given once");
		return parse_text(options, "--pass", optarg, &rules->pass_text);
	case BOOT_OPTION_FAIL:
		return parse_text(options, "--fail", optarg, &rules->fail_texts[rules->fail_count++]);
	case BOOT_OPTION_SUCCESS_CODE:
		/* The exit status keeps 7 bits of the value (verdict_exit_status). */
		if (parse_number(optarg, 0x7f, &rules->success_code) != 0)
			return usage_error(command, "--success-code takes 0 to 127 (0x7f), not '%s'",
					   optarg);
		return 0;
	case BOOT_OPTION_EXIT_PORT:
		if (parse_number(optarg, 0xfffc, &setup->exit_port) != 0)
			return usage_error(command, "--exit-port takes an I/O port, 0 to 0xfffc, "
						    "not '%s'",
					   optarg);
		rules->exit_port = setup->exit_port;
		return 0;
	case BOOT_OPTION_CMDLINE:
		return parse_cmdline(options, optarg);
	case BOOT_OPTION_FIRMWARE:
		if (strcmp(optarg, "bios") != 0 && strcmp(optarg, "uefi") != 0)
			return usage_error(command, "--firmware takes bios or uefi, not '%s'", optarg);
		setup->uefi = strcmp(optarg, "uefi") == 0;
		return 0;
	default:
		return option_error(command, option, argv);
	}
}

/* The disk for an image without --disk: a floppy-sized image is drive A:,
 * anything else an IDE disk. */
static const char *default_disk(const char *image)
{
	struct stat info;

	if (stat(image, &info) == 0 && S_ISREG(info.st_mode) && floppy_size((uint64_t)info.st_size))
		return "floppy";
	return "ide";
}

int boot_options_finish(struct boot_options *options, int argc, char **argv, int lists)
{
	const char *command = options->command;
	const char *from_environment = getenv("GHOSTBOOT_QEMU");
	unsigned i;

	while (optind < argc)
		options->setup.extra[options->setup.extra_count++] = argv[optind++];
	if (!options->image)
		return usage_error(command, "name the image to boot");
	if (!lists && (options->machine_count > 1 || options->disk_count > 1))
		return usage_error(command, "%s boots one machine and one disk", command);
	if (!options->setup.program)
		options->setup.program = from_environment && from_environment[0] ? from_environment
										 : QEMU_PROGRAM;
	for (i = 0; i < options->machine_count; i++)
		if (options->setup.uefi && options->machines[i] == known_machines[2])
			return usage_error(command, "--firmware uefi needs PCI: pc or q35, not isapc");
	/* OVMF is built for q35 first; SeaBIOS boots everything on pc. */
	if (options->machine_count == 0)
		options->machines[options->machine_count++] =
			known_machines[options->setup.uefi ? 1 : 0];
	if (options->disk_count == 0)
		options->disks[options->disk_count++] = default_disk(options->image);
	if (access(options->image, R_OK) != 0) {
		error("cannot read %s: %s", options->image, strerror(errno));
		return EXIT_HARNESS;
	}
	return 0;
}

int boot_prepare(struct boot_options *options, const char *prefix,
		 char directory[CLEANUP_DIRECTORY_MAX], char overlay[PATH_MAX], const char **image)
{
	char qemu_path[PATH_MAX];

	*image = options->image;
	if (tool_find(options->setup.program, qemu_path, sizeof(qemu_path)) != 0)
		return EXIT_HARNESS;
	cleanup_catch_signals();
	if (cleanup_temporary_directory(prefix, directory, CLEANUP_DIRECTORY_MAX) != 0 ||
	    firmware_prepare(&options->setup, directory) != 0)
		return EXIT_HARNESS;
	if (options->cmdline) {
		if (cmdline_overlay_make(options->image, options->cmdline, directory, overlay,
					 PATH_MAX) != 0)
			return EXIT_HARNESS;
		*image = overlay;
	}
	return 0;
}
