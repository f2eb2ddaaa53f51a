/* `ghostboot version` and `ghostboot --version`: the version this binary was
 * built as (scripts/version.sh, compiled in by cli/build.mk). */
#ifndef GHOSTBOOT_CLI_VERSION_VERSION_H
#define GHOSTBOOT_CLI_VERSION_VERSION_H

extern const char ghostboot_version[];

int version_command(int argc, char **argv);

#endif
