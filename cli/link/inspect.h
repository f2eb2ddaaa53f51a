/* `ghostboot inspect`: a kernel's exports, a module's imports and exports,
 * and whether modules would link against a kernel (docs/cli.md). */
#ifndef GHOSTBOOT_CLI_LINK_INSPECT_H
#define GHOSTBOOT_CLI_LINK_INSPECT_H

int inspect_command(int argc, char **argv);

#endif
