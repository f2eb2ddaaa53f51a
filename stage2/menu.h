#ifndef GHOSTBOOT_STAGE2_MENU_H
#define GHOSTBOOT_STAGE2_MENU_H

#include "config/config.h"

/* The entry to boot: the default one, unless the user picks another
 * during the configured timeout (keyboard or COM1: a digit, the arrows,
 * Enter). With `timeout 0` it returns at once. */
const struct config_entry *menu_choose(const struct config *config);

#endif
