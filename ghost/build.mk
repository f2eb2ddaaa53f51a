# ghost: the module linker (docs/ghost.md). Portable C without libc, built
# three ways: hosted for the CLI and the tests, freestanding 32-bit for stage 2,
# freestanding 64-bit for the kernel. `all` compiles the latter two so that
# the sources stay portable before anything links them.
GHOST_SOURCES := ghost/elf_file.c ghost/object.c ghost/layout.c ghost/symbols.c \
	ghost/exports.c ghost/imports.c ghost/order.c ghost/modinfo.c ghost/relocate.c \
	ghost/link.c ghost/kernel_exports.c ghost/report.c ghost/describe.c
GHOST_HOST_OBJECTS := $(GHOST_SOURCES:%.c=$(BUILD)/host/%.o)

all: $(GHOST_SOURCES:%.c=$(BUILD)/stage2/obj/%.o) $(GHOST_SOURCES:%.c=$(BUILD)/kernel/obj/%.o)

include tests/ghost/build.mk
