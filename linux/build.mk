# linux: the reader of a bzImage's setup header (docs/linux.md). Portable C:
# stage 2 checks and places a Linux kernel with it, the CLI's inspect
# describes one.
LINUX_SOURCES := linux/bzimage.c
