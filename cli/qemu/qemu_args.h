/* QEMU command lines for `run` and `test`: the machine every boot uses
 * (TCG, isa-debug-exit, no reboot), what the user adds to it, and the disk. */
#ifndef GHOSTBOOT_CLI_QEMU_QEMU_ARGS_H
#define GHOSTBOOT_CLI_QEMU_QEMU_ARGS_H

#define QEMU_PROGRAM "qemu-system-x86_64"
#define QEMU_DEFAULT_MEMORY "256M"
#define QEMU_DEFAULT_EXIT_PORT 0xf4u

#include <limits.h>

/* The machine as the options shape it (docs/cli.md). */
struct qemu_setup {
	const char *program; /* --qemu, else $GHOSTBOOT_QEMU, else QEMU_PROGRAM */
	char memory[24];     /* -m, in MiB: "256M" */
	unsigned long smp;   /* -smp; 0: QEMU's default */
	const char *cpu;     /* -cpu; 0: QEMU's default */
	unsigned long exit_port; /* isa-debug-exit's first port */
	int uefi;            /* --firmware uefi: OVMF in flash, not SeaBIOS */
	char firmware_vars[PATH_MAX]; /* OVMF's variable store, the run's own copy */
	char **extra;        /* --qemu-arg and what follows --, added last */
	unsigned extra_count;
};

struct qemu_args {
	char **argv; /* NULL-terminated; every string owned */
	unsigned count, capacity;
	int failed; /* out of memory: checked once, at the end */
};

/* Starts a command line with the machine every boot uses. */
void qemu_args_init(struct qemu_args *args, const struct qemu_setup *setup);
void qemu_args_free(struct qemu_args *args);

void qemu_args_add(struct qemu_args *args, const char *argument);

/* Adds `prefix` + `value`, doubling commas in `value`: QEMU's option
 * syntax would otherwise split a file name holding one. */
void qemu_args_add_value(struct qemu_args *args, const char *prefix, const char *value);

/* Adds the disk: "ide", "ahci", "virtio" or "floppy". The image's name is
 * made unmistakable: QEMU would read "a:b.img" as file "b.img" through a
 * protocol "a". */
void qemu_args_add_disk(struct qemu_args *args, const char *image, const char *interface);

/* Adds the user's own arguments; call it last, so that they can override. */
void qemu_args_add_extra(struct qemu_args *args, const struct qemu_setup *setup);

#endif
