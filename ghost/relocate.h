/* Applying a placed module's relocations to its image. */
#ifndef GHOSTBOOT_GHOST_RELOCATE_H
#define GHOSTBOOT_GHOST_RELOCATE_H

#include "ghost/module.h"

/* Applies every relocation of every loaded section: R_X86_64_64, 32, 32S,
 * PC32, PLT32 and PC64; any other type is an error naming it. Each place is
 * checked to lie within its section before it is written, and each value
 * to fit its field. */
bool ghost_apply_relocations(const struct ghost_module *module, struct ghost_error *error);

#endif
