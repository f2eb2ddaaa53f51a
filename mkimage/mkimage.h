/* `ghostboot mkimage`: a bootable raw disk image from a kernel, modules and
 * a configuration, built without root (docs/cli.md). */
#ifndef GHOSTBOOT_MKIMAGE_MKIMAGE_H
#define GHOSTBOOT_MKIMAGE_MKIMAGE_H

int mkimage_command(int argc, char **argv);

#endif
