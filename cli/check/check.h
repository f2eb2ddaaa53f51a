#ifndef GHOSTBOOT_CLI_CHECK_CHECK_H
#define GHOSTBOOT_CLI_CHECK_CHECK_H

/* ghostboot check IMG|DEVICE|CONFIGDIR (docs/cli.md). */
int check_command(int argc, char **argv);

#endif
