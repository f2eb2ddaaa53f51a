# multiboot: the Multiboot 1 and 2 header parser (docs/multiboot.md).
# Portable C: stage 2 checks a kernel with it, the CLI's inspect describes one.
MULTIBOOT_SOURCES := multiboot/header.c
