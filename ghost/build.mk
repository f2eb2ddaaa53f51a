# ghost: the module linker (docs/ghost.md). Portable C without libc: stage 2
# and the host build it, and the kernel build compiles it.
GHOST_SOURCES := ghost/elf_file.c ghost/object.c ghost/layout.c ghost/symbols.c \
	ghost/exports.c ghost/imports.c ghost/order.c ghost/modinfo.c ghost/relocate.c \
	ghost/link.c ghost/gates.c ghost/stubs.c ghost/kernel_exports.c ghost/report.c ghost/describe.c ghost/kernel_segments.c \
	ghost/prelinked_isolation.c
