/* The options `run` and `test` share: the image, the machine and disk, what
 * QEMU is given, how the guest's verdict is read, and --cmdline. */
#ifndef GHOSTBOOT_CLI_QEMU_BOOT_OPTIONS_H
#define GHOSTBOOT_CLI_QEMU_BOOT_OPTIONS_H

#include <getopt.h>
#include <limits.h>

#include "cli/common/cleanup.h"

#include "cli/qemu/qemu_args.h"
#include "cli/qemu/verdict.h"

#define MACHINES_MAX 3
#define DISKS_MAX 4

/* getopt_long codes of the shared options, above every character. */
enum {
	BOOT_OPTION_MACHINE = 256,
	BOOT_OPTION_DISK,
	BOOT_OPTION_MEMORY,
	BOOT_OPTION_SMP,
	BOOT_OPTION_CPU,
	BOOT_OPTION_QEMU_ARG,
	BOOT_OPTION_QEMU,
	BOOT_OPTION_PASS,
	BOOT_OPTION_FAIL,
	BOOT_OPTION_SUCCESS_CODE,
	BOOT_OPTION_EXIT_PORT,
	BOOT_OPTION_CMDLINE,
	BOOT_OPTION_FIRMWARE,
	BOOT_OPTION_END, /* each command numbers its own from here */
};

/* Their entries, for each command's table. */
#define BOOT_LONG_OPTIONS                                                        \
	{ "machine", required_argument, 0, BOOT_OPTION_MACHINE },                \
	{ "disk", required_argument, 0, BOOT_OPTION_DISK },                      \
	{ "memory", required_argument, 0, BOOT_OPTION_MEMORY },                  \
	{ "smp", required_argument, 0, BOOT_OPTION_SMP },                        \
	{ "cpu", required_argument, 0, BOOT_OPTION_CPU },                        \
	{ "qemu-arg", required_argument, 0, BOOT_OPTION_QEMU_ARG },              \
	{ "qemu", required_argument, 0, BOOT_OPTION_QEMU },                      \
	{ "pass", required_argument, 0, BOOT_OPTION_PASS },                      \
	{ "fail", required_argument, 0, BOOT_OPTION_FAIL },                      \
	{ "success-code", required_argument, 0, BOOT_OPTION_SUCCESS_CODE },      \
	{ "exit-port", required_argument, 0, BOOT_OPTION_EXIT_PORT },            \
	{ "cmdline", required_argument, 0, BOOT_OPTION_CMDLINE },                \
	{ "firmware", required_argument, 0, BOOT_OPTION_FIRMWARE }

/* getopt_long's short options for both: "-" hands over IMG in place, so
 * that what follows "--" is QEMU's. */
#define BOOT_SHORT_OPTIONS "-:h"

struct boot_options {
	const char *command; /* "run" or "test", for messages */
	const char *image;
	const char *machines[MACHINES_MAX]; /* none given: pc, or q35 under UEFI */
	unsigned machine_count;
	const char *disks[DISKS_MAX]; /* none given: by the image's size */
	unsigned disk_count;
	const char *cmdline; /* 0: the configured one */
	struct qemu_setup setup;
	struct verdict_rules rules;
};

/* Sets the defaults; room for `argc` repeated options. Returns 0, or -1
 * after an error. */
int boot_options_init(struct boot_options *options, const char *command, int argc);
void boot_options_free(struct boot_options *options);

/* Takes one result of getopt_long: IMG, a shared option, or the error of
 * an unknown one. Returns 0, or EXIT_USAGE after a usage error. */
int boot_option(struct boot_options *options, int option, char *const argv[]);

/* After getopt_long: QEMU's arguments after "--", the defaults left, and
 * checks that IMG was named and can be read (`lists`: whether --machine
 * and --disk may name several). Returns 0, EXIT_USAGE, or EXIT_HARNESS. */
int boot_options_finish(struct boot_options *options, int argc, char **argv, int lists);

/* What run and test do before QEMU starts: make sure QEMU is there, take
 * over signals, make a private directory named after `prefix`, with
 * --firmware uefi the copy of OVMF's variables, and with --cmdline the copy
 * of the image to boot. Sets *image to the image QEMU
 * boots. Returns 0, or EXIT_HARNESS after an error. */
int boot_prepare(struct boot_options *options, const char *prefix,
		 char directory[CLEANUP_DIRECTORY_MAX], char overlay[PATH_MAX], const char **image);

#endif
