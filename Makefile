# ghostboot: `make` builds everything into build/; see README.md and docs/building.md.
# Each part describes its own pieces in a build.mk included below; which
# portable sources each target builds is decided here, in one place.

# No built-in rules: the only ones are below, and a built-in `%: %.o` would
# try to remake the included dependency files from objects.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

BUILD := build
CC := gcc
LD := ld
OBJCOPY := objcopy
NASM := nasm

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# Project includes name their folder from the top ("fs/fs.h"); the ABI shared
# with kernels and modules is <ghostboot/...>.
COMMON_CFLAGS := -std=c11 $(WARNINGS) -g -I. -Iinclude -MMD -MP

# The CLI, the unit tests and the fuzzers.
HOST_CFLAGS := $(COMMON_CFLAGS) -O2 -D_DEFAULT_SOURCE
# Freestanding code: no libc, no hosted assumptions, no floating point.
FREESTANDING_CFLAGS := $(COMMON_CFLAGS) -ffreestanding -fno-stack-protector -fno-pic \
	-fno-asynchronous-unwind-tables -mno-mmx -mno-sse -mno-sse2 -mno-80387
# Stage 2 runs in 32-bit protected mode below 1 MiB.
STAGE2_CFLAGS := $(FREESTANDING_CFLAGS) -m32 -march=i486 -Os -fno-pie -mregparm=0
# Pins are checked over whole kernels and modules at boot: the hash is built for speed.
$(BUILD)/stage2/obj/config/sha256.o $(BUILD)/stage2/obj/config/sha256_ni.o: STAGE2_CFLAGS += -O2
# The kernel and its modules: x86-64, top 2 GiB.
KERNEL_CFLAGS := $(FREESTANDING_CFLAGS) -m64 -O2 -mcmodel=kernel -mno-red-zone -fno-common -fno-pie

# One place for the version: the git description of a checkout, else the
# release number in scripts/version.sh.
GHOSTBOOT_VERSION := $(shell scripts/version.sh)

.PHONY: all deps demo test test-programs bench clean FORCE
all:

# Object trees, one per way of compiling: a portable source may be built in
# all three.
$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@
$(BUILD)/stage2/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(STAGE2_CFLAGS) -c $< -o $@
$(BUILD)/kernel/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

# The portable layer (docs/architecture.md): each folder lists its sources.
include fs/build.mk
include ghost/build.mk
include config/build.mk
include linux/build.mk
include multiboot/build.mk

# What each target takes of it.
STAGE2_PORTABLE_SOURCES := $(CONFIG_SOURCES) $(FS_SOURCES) $(GHOST_SOURCES) $(LINUX_SOURCES) \
	$(MULTIBOOT_SOURCES)
# The kernel links ghost's ELF reader (kernel/module_image.c).
KERNEL_PORTABLE_SOURCES := ghost/elf_file.c ghost/report.c
HOST_PORTABLE_SOURCES := $(FS_SOURCES) $(FS_HOST_SOURCES) $(CONFIG_SOURCES) $(GHOST_SOURCES) \
	$(LINUX_SOURCES) $(MULTIBOOT_SOURCES)
HOST_PORTABLE_OBJECTS := $(HOST_PORTABLE_SOURCES:%.c=$(BUILD)/host/%.o)
# The rest of ghost/ is built freestanding 64-bit too, though the kernel
# does not link it: that keeps it portable.
all: $(GHOST_SOURCES:%.c=$(BUILD)/kernel/obj/%.o)

include stage1/build.mk
include stage2/build.mk
include uefi/build.mk
include kernel/build.mk
include mkimage/build.mk
include cli/build.mk
include tests/build.mk
include images/build.mk
include docs/build.mk
include scripts/build.mk

deps:
	@scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/ghostboot mkimage -o $(BUILD)/demo.img --size 64M --fs fat32 \
		--kernel $(BUILD)/kernel/kernel.elf $(addprefix --module ,$(SAMPLE_MODULES)) \
		--cmdline selftest
	$(BUILD)/ghostboot run $(BUILD)/demo.img

test: deps
	@$(MAKE) --no-print-directory all test-programs images
	@tests/run.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
