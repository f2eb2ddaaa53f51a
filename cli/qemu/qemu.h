/* `ghostboot run` and `ghostboot test`: boot an image in QEMU, on the
 * terminal or headless with a verdict (docs/cli.md). */
#ifndef GHOSTBOOT_CLI_QEMU_QEMU_H
#define GHOSTBOOT_CLI_QEMU_QEMU_H

int run_command(int argc, char **argv);
int test_command(int argc, char **argv);

#endif
