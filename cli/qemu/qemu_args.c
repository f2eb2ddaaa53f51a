#include "cli/qemu/qemu_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/qemu/firmware.h"

void qemu_args_init(struct qemu_args *args, const struct qemu_setup *setup)
{
	char text[64];

	memset(args, 0, sizeof(*args));
	qemu_args_add(args, setup->program);
	/* TCG: the same machine with or without KVM, on CI and on laptops. */
	qemu_args_add(args, "-accel");
	qemu_args_add(args, "tcg");
	qemu_args_add(args, "-m");
	qemu_args_add(args, setup->memory);
	if (setup->smp) {
		snprintf(text, sizeof(text), "%lu", setup->smp);
		qemu_args_add(args, "-smp");
		qemu_args_add(args, text);
	}
	if (setup->cpu) {
		qemu_args_add(args, "-cpu");
		qemu_args_add(args, setup->cpu);
	}
	if (setup->uefi) {
		qemu_args_add(args, "-drive");
		qemu_args_add_value(args, "if=pflash,format=raw,readonly=on,file=", OVMF_CODE);
		qemu_args_add(args, "-drive");
		qemu_args_add_value(args, "if=pflash,format=raw,file=", setup->firmware_vars);
	}
	/* A reset ends QEMU, so a triple fault cannot loop back into the BIOS. */
	qemu_args_add(args, "-no-reboot");
	snprintf(text, sizeof(text), "isa-debug-exit,iobase=%#lx,iosize=0x04", setup->exit_port);
	qemu_args_add(args, "-device");
	qemu_args_add(args, text);
	/* No network: the BIOS must not fall back to a PXE boot. */
	qemu_args_add(args, "-nic");
	qemu_args_add(args, "none");
}

void qemu_args_free(struct qemu_args *args)
{
	unsigned i;

	for (i = 0; i < args->count; i++)
		free(args->argv[i]);
	free(args->argv);
	memset(args, 0, sizeof(*args));
}

/* Takes `built` (malloc'd, or 0 when that failed) into the command line. */
static void take(struct qemu_args *args, char *built)
{
	if (built && args->count + 1 >= args->capacity) {
		unsigned capacity = args->capacity ? args->capacity * 2 : 32;
		char **argv = realloc(args->argv, capacity * sizeof(*argv));

		if (argv) {
			args->argv = argv;
			args->capacity = capacity;
		} else {
			free(built);
			built = 0;
		}
	}
	if (!built) {
		args->failed = 1;
		return;
	}
	args->argv[args->count++] = built;
	args->argv[args->count] = 0;
}

void qemu_args_add(struct qemu_args *args, const char *argument)
{
	take(args, strdup(argument));
}

void qemu_args_add_value(struct qemu_args *args, const char *prefix, const char *value)
{
	size_t commas = 0;
	const char *c;
	char *built, *out;

	for (c = value; *c; c++)
		commas += *c == ',';
	built = malloc(strlen(prefix) + strlen(value) + commas + 1);
	if (built) {
		strcpy(built, prefix);
		out = built + strlen(prefix);
		for (c = value; *c; c++) {
			*out++ = *c;
			if (*c == ',')
				*out++ = ',';
		}
		*out = '\0';
	}
	take(args, built);
}

static void add_image(struct qemu_args *args, const char *prefix, const char *image)
{
	char *with_dot;

	if (image[0] == '/' || !strchr(image, ':')) {
		qemu_args_add_value(args, prefix, image);
		return;
	}
	with_dot = malloc(strlen(image) + 3);
	if (!with_dot) {
		args->failed = 1;
		return;
	}
	strcpy(with_dot, "./");
	strcat(with_dot, image);
	qemu_args_add_value(args, prefix, with_dot);
	free(with_dot);
}

void qemu_args_add_disk(struct qemu_args *args, const char *image, const char *interface)
{
	if (strcmp(interface, "ahci") == 0) {
		qemu_args_add(args, "-device");
		qemu_args_add(args, "ahci,id=ahci");
		qemu_args_add(args, "-drive");
		add_image(args, "id=d0,format=raw,if=none,file=", image);
		qemu_args_add(args, "-device");
		qemu_args_add(args, "ide-hd,drive=d0,bus=ahci.0");
	} else if (strcmp(interface, "virtio") == 0) {
		qemu_args_add(args, "-drive");
		add_image(args, "format=raw,if=virtio,file=", image);
	} else if (strcmp(interface, "floppy") == 0) {
		/* Drive A:, booted before any hard disk. */
		qemu_args_add(args, "-drive");
		add_image(args, "format=raw,if=floppy,file=", image);
		qemu_args_add(args, "-boot");
		qemu_args_add(args, "a");
	} else {
		qemu_args_add(args, "-drive");
		add_image(args, "format=raw,if=ide,file=", image);
	}
}

void qemu_args_add_extra(struct qemu_args *args, const struct qemu_setup *setup)
{
	unsigned i;

	for (i = 0; i < setup->extra_count; i++)
		qemu_args_add(args, setup->extra[i]);
}
