/* Whether each entry of a configuration would boot: its kernel and modules
 * read as stage 2 reads them (pins too), the kernel checked for the
 * entry's protocol, the modules linked against it. Used by mkimage before
 * it writes an image and by `ghostboot check`. */
#ifndef GHOSTBOOT_CLI_CHECK_ENTRY_CHECK_H
#define GHOSTBOOT_CLI_CHECK_ENTRY_CHECK_H

#include "cli/check/files.h"
#include "config/config.h"

/* Checks one entry; every message starts "entry NAME: ". Returns 0 when it
 * would boot, else -1 after the errors. */
int entry_check(const struct config *config, const struct config_entry *entry,
		const struct check_files *files);

/* Whether the configuration has an entry at all. Returns 0, or -1 after an
 * error. */
int entry_check_some(const struct config *config);

/* Checks every entry. Returns how many would not boot (1 when there is
 * none). */
unsigned entry_check_all(const struct config *config, const struct check_files *files);

#endif
