/* What the ghost fuzzers share: describe each module as `ghostboot inspect`
 * does, give the kernel an export for every import no module exports (at
 * the version the import asks for), and link the modules together into
 * heap images fenced with guard bytes, as stage 2 links them. */
#ifndef GHOSTBOOT_TESTS_FUZZ_LINK_H
#define GHOSTBOOT_TESTS_FUZZ_LINK_H

#include <stdint.h>

#include "ghost/ghost.h"

/* Aborts when ghost reports wrongly (a failure without a message, a
 * success with one) or writes outside the images it was given. */
void fuzz_link(const struct ghost_module_file *modules, uint32_t count);

#endif
