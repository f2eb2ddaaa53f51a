#ifndef GHOSTBOOT_STAGE2_MENU_H
#define GHOSTBOOT_STAGE2_MENU_H

#include <stdint.h>

#include "config/config.h"

/* The entry to boot: the default one, unless the user picks another
 * during the configured timeout (keyboard or COM1: a digit, the arrows,
 * Enter). With `timeout 0` it returns at once. `failed` flags the entries
 * that failed earlier in this boot: they are marked and cannot be chosen,
 * and after a failure the menu waits for the user (r restarts). Returns 0
 * when no entry is left to boot. */
const struct config_entry *menu_choose(const struct config *config, const uint8_t *failed);

#endif
