#include "cli/qemu/qemu_args.h"

#include <stdlib.h>
#include <string.h>

void qemu_args_init(struct qemu_args *args)
{
	memset(args, 0, sizeof(*args));
	qemu_args_add(args, QEMU_PROGRAM);
	/* TCG: the same machine with or without KVM, on CI and on laptops. */
	qemu_args_add(args, "-accel");
	qemu_args_add(args, "tcg");
	qemu_args_add(args, "-m");
	qemu_args_add(args, "256M");
	/* A reset ends QEMU, so a triple fault cannot loop back into the BIOS. */
	qemu_args_add(args, "-no-reboot");
	qemu_args_add(args, "-device");
	qemu_args_add(args, "isa-debug-exit,iobase=0xf4,iosize=0x04");
	/* No network: the BIOS must not fall back to a PXE boot. */
	qemu_args_add(args, "-nic");
	qemu_args_add(args, "none");
}

void qemu_args_free(struct qemu_args *args)
{
	unsigned i;

	for (i = 0; i < args->owned_count; i++)
		free(args->owned[i]);
	memset(args, 0, sizeof(*args));
}

void qemu_args_add(struct qemu_args *args, const char *argument)
{
	if (args->count == QEMU_ARGS_MAX) {
		args->failed = 1;
		return;
	}
	args->argv[args->count++] = (char *)argument;
	args->argv[args->count] = 0;
}

void qemu_args_add_value(struct qemu_args *args, const char *prefix, const char *value)
{
	size_t commas = 0;
	const char *c;
	char *built, *out;

	for (c = value; *c; c++)
		commas += *c == ',';
	built = malloc(strlen(prefix) + strlen(value) + commas + 1);
	if (!built || args->owned_count == QEMU_ARGS_MAX) {
		free(built);
		args->failed = 1;
		return;
	}
	strcpy(built, prefix);
	out = built + strlen(prefix);
	for (c = value; *c; c++) {
		*out++ = *c;
		if (*c == ',')
			*out++ = ',';
	}
	*out = '\0';
	args->owned[args->owned_count++] = built;
	qemu_args_add(args, built);
}

void qemu_args_add_image(struct qemu_args *args, const char *prefix, const char *image)
{
	size_t prefix_length = strlen(prefix);
	char *with_dot;

	if (image[0] == '/' || !strchr(image, ':')) {
		qemu_args_add_value(args, prefix, image);
		return;
	}
	with_dot = malloc(prefix_length + 3);
	if (!with_dot) {
		args->failed = 1;
		return;
	}
	memcpy(with_dot, prefix, prefix_length);
	strcpy(with_dot + prefix_length, "./");
	qemu_args_add_value(args, with_dot, image);
	free(with_dot);
}

int qemu_args_add_disk(struct qemu_args *args, const char *image, const char *interface)
{
	if (strcmp(interface, "ide") == 0) {
		qemu_args_add(args, "-drive");
		qemu_args_add_image(args, "format=raw,if=ide,file=", image);
	} else if (strcmp(interface, "ahci") == 0) {
		qemu_args_add(args, "-device");
		qemu_args_add(args, "ahci,id=ahci");
		qemu_args_add(args, "-drive");
		qemu_args_add_image(args, "id=d0,format=raw,if=none,file=", image);
		qemu_args_add(args, "-device");
		qemu_args_add(args, "ide-hd,drive=d0,bus=ahci.0");
	} else if (strcmp(interface, "virtio") == 0) {
		qemu_args_add(args, "-drive");
		qemu_args_add_image(args, "format=raw,if=virtio,file=", image);
	} else if (strcmp(interface, "floppy") == 0) {
		/* Drive A:, booted before any hard disk. */
		qemu_args_add(args, "-drive");
		qemu_args_add_image(args, "format=raw,if=floppy,file=", image);
		qemu_args_add(args, "-boot");
		qemu_args_add(args, "a");
	} else {
		return -1;
	}
	return 0;
}
