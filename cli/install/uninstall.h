/* `ghostboot uninstall` puts back what install overwrote, from the undo
 * record (undo.h); `ghostboot install --verify` checks that what install
 * wrote is intact and is this version's (docs/install.md). */
#ifndef GHOSTBOOT_CLI_INSTALL_UNINSTALL_H
#define GHOSTBOOT_CLI_INSTALL_UNINSTALL_H

int uninstall_command(int argc, char **argv);

/* Checks stage 1, its blocklist and stage 2 on `target`. Returns 0, or -1
 * after an error naming what does not match. */
int install_verify(const char *target);

#endif
