/* `ghostboot install`: stage 1 into the boot sector, stage 2 where the
 * layout of the target leaves room for it (docs/install.md). */
#ifndef GHOSTBOOT_CLI_INSTALL_INSTALL_H
#define GHOSTBOOT_CLI_INSTALL_INSTALL_H

struct install_options {
	unsigned partition; /* 1-based; 0: the volume holding the configuration */
	int force;          /* overwrite foreign data in the gap or BIOS boot partition */
	int quiet;          /* no report: mkimage prints its own */
};

/* Installs onto `target`, an image file or block device. Returns 0, or -1
 * after an error saying why; nothing is written then, except that a file
 * stage 2 went into may have been added and removed again. */
int install_bootcode(const char *target, const struct install_options *options);

int install_command(int argc, char **argv);

#endif
