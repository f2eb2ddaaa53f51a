# cli: the `ghostboot` host command (docs/cli.md): main.c dispatches to one
# folder a command (install, qemu for run and test, link for inspect and
# link; mkimage/ builds images) over the folders they share. Stage 1 and
# stage 2 are linked into it (disk/bootcode_blobs.S), so the binary needs no
# other file.
CLI_SOURCES := cli/main.c
# Messages, options, cleanup on signals, whole files in memory.
CLI_SOURCES += cli/common/diag.c cli/common/options.c cli/common/cleanup.c \
	cli/common/file_bytes.c cli/common/file_copy.c cli/common/progress.c
# Running the real tools: fork and exec, mtools, debugfs.
CLI_SOURCES += cli/tools/tool.c cli/tools/mtools.c cli/tools/debugfs.c
# Images and devices: what a target holds, the boot code written to it.
CLI_SOURCES += cli/disk/image.c cli/disk/install_target.c cli/disk/boot_partition.c \
	cli/disk/bootcode.c cli/disk/ext_volume.c cli/disk/floppy.c cli/disk/boot_config.c
# install, and the places stage 2 can go.
CLI_SOURCES += cli/install/install.c cli/install/sector_check.c cli/install/mbr_gap.c \
	cli/install/bios_boot.c cli/install/reserved_sectors.c cli/install/stage2_file.c \
	cli/install/undo.c cli/install/uninstall.c cli/install/foreign_boot.c \
	cli/install/uefi_loader.c
# check, and the checks mkimage makes before writing: entries, the files
# they name, modules, a kernel for each boot protocol.
CLI_SOURCES += cli/check/check.c cli/check/entry_check.c cli/check/files.c cli/check/uefi_loader.c \
	cli/check/host_config.c cli/check/module_check.c cli/check/protocols.c \
	cli/check/ghostboot_kernel.c cli/check/multiboot_kernel.c cli/check/linux_kernel.c \
	cli/check/chainload.c
# version.
CLI_SOURCES += cli/version/version.c
# run and test: options, QEMU's command line, the serial console, verdicts,
# one boot, a matrix of them, the JUnit report, --cmdline.
CLI_SOURCES += cli/qemu/run.c cli/qemu/test.c cli/qemu/boot_options.c cli/qemu/qemu_args.c \
	cli/qemu/serial_log.c cli/qemu/verdict.c cli/qemu/boot.c cli/qemu/matrix.c \
	cli/qemu/junit.c cli/qemu/cmdline_overlay.c cli/qemu/firmware.c
# inspect and link.
CLI_SOURCES += cli/link/inspect.c cli/link/inspect_multiboot.c cli/link/link.c cli/link/prelink.c cli/link/kernel_elf.c \
	cli/link/module_files.c cli/link/elf_append.c cli/link/ghost_messages.c

CLI_OBJECTS := $(CLI_SOURCES:%.c=$(BUILD)/host/%.o) $(MKIMAGE_SOURCES:%.c=$(BUILD)/host/%.o) \
	$(BUILD)/host/cli/disk/bootcode_blobs.o $(HOST_PORTABLE_OBJECTS)

# Rebuilt whenever stage 1, stage 2 or the UEFI loader is.
$(BUILD)/host/cli/disk/bootcode_blobs.o: cli/disk/bootcode_blobs.S $(STAGE1_MBR) \
		$(STAGE1_VBR) $(STAGE2_BIN) $(UEFI_EFI)
	@mkdir -p $(@D)
	$(CC) -c -DSTAGE1_BIN='"$(STAGE1_MBR)"' -DSTAGE1_VBR_BIN='"$(STAGE1_VBR)"' \
		-DSTAGE2_BIN='"$(STAGE2_BIN)"' -DUEFI_BIN='"$(UEFI_EFI)"' $< -o $@

# The version (scripts/version.sh) goes into one object, rebuilt when it
# changes: $(BUILD)/version.txt is rewritten only then.
$(BUILD)/version.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(GHOSTBOOT_VERSION)' | cmp -s - $@ || echo '$(GHOSTBOOT_VERSION)' >$@
$(BUILD)/host/cli/version/version.o: $(BUILD)/version.txt
$(BUILD)/host/cli/version/version.o: HOST_CFLAGS += -DGHOSTBOOT_VERSION='"$(GHOSTBOOT_VERSION)"'

$(BUILD)/ghostboot: $(CLI_OBJECTS)
	$(CC) $^ -o $@

all: $(BUILD)/ghostboot
