/* QEMU command lines for `run` and `test`: the machine every boot uses
 * (TCG, 256 MiB, isa-debug-exit on port 0xf4, no reboot) and its disk. */
#ifndef GHOSTBOOT_CLI_QEMU_QEMU_ARGS_H
#define GHOSTBOOT_CLI_QEMU_QEMU_ARGS_H

#define QEMU_PROGRAM "qemu-system-x86_64"
#define QEMU_ARGS_MAX 48

/* The guest's verdict through isa-debug-exit: QEMU exits with
 * (value << 1) | 1 (docs/contract.md "Success report"). */
#define QEMU_EXIT_PASS 33 /* the guest wrote 0x10 */
#define QEMU_EXIT_FAIL 35 /* the guest wrote 0x11 */

struct qemu_args {
	char *argv[QEMU_ARGS_MAX + 1];
	unsigned count;
	char *owned[QEMU_ARGS_MAX]; /* built strings, freed by qemu_args_free */
	unsigned owned_count;
	int failed; /* out of memory or room: checked once, at the end */
};

/* Starts a command line with the machine every boot uses. */
void qemu_args_init(struct qemu_args *args);
void qemu_args_free(struct qemu_args *args);

void qemu_args_add(struct qemu_args *args, const char *argument);

/* Adds `prefix` + `value`, doubling commas in `value`: QEMU's option
 * syntax would otherwise split a file name holding one. */
void qemu_args_add_value(struct qemu_args *args, const char *prefix, const char *value);

/* Adds `prefix` + the image file name, made unmistakable: QEMU would read
 * "a:b.img" as file "b.img" through a protocol "a". */
void qemu_args_add_image(struct qemu_args *args, const char *prefix, const char *image);

/* Adds the disk: "ide", "ahci", "virtio" or "floppy". Returns 0, or -1 for
 * another. */
int qemu_args_add_disk(struct qemu_args *args, const char *image, const char *interface);

#endif
