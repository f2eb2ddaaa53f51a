/* `ghostboot install`: stage 1 into the MBR's code area, stage 2 into the
 * gap after it (docs/install.md). */
#ifndef GHOSTBOOT_MKIMAGE_INSTALL_H
#define GHOSTBOOT_MKIMAGE_INSTALL_H

struct install_options {
	unsigned partition; /* 1-based; 0: the one holding the configuration */
	int force;          /* overwrite foreign data in the gap */
	int quiet;          /* no summary line: mkimage prints its own */
};

/* Installs onto `target`, an image file or block device. Returns 0, or -1
 * after an error saying why nothing was written. */
int install_bootcode(const char *target, const struct install_options *options);

int install_command(int argc, char **argv);

#endif
