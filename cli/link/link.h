/* `ghostboot link`: modules linked into the kernel image at build time
 * (docs/cli.md). */
#ifndef GHOSTBOOT_CLI_LINK_LINK_H
#define GHOSTBOOT_CLI_LINK_LINK_H

int link_command(int argc, char **argv);

#endif
