# cli: the `ghostboot` host command (docs/cli.md), one folder a concern.
# Stage 1 and stage 2 are linked into it (install/bootcode_blobs.S), so the
# binary needs no other file.
CLI_SOURCES := cli/main.c cli/diag.c cli/options.c cli/cleanup.c cli/image.c cli/file_bytes.c
# Running the real tools: fork and exec, mtools, debugfs.
CLI_SOURCES += cli/tools/tool.c cli/tools/mtools.c cli/tools/debugfs.c
# install: what the target holds, and the boot code written to it.
CLI_SOURCES += cli/install/install.c cli/install/install_target.c cli/install/boot_partition.c \
	cli/install/bootcode.c cli/install/ext_volume.c cli/install/floppy.c
# Where stage 2 goes on the target.
CLI_SOURCES += cli/placement/sector_check.c cli/placement/mbr_gap.c cli/placement/bios_boot.c \
	cli/placement/reserved_sectors.c cli/placement/stage2_file.c
# run and test.
CLI_SOURCES += cli/qemu/qemu.c cli/qemu/qemu_args.c cli/qemu/serial_log.c
# inspect and link.
CLI_SOURCES += cli/link/inspect.c cli/link/link.c cli/link/prelink.c cli/link/kernel_elf.c \
	cli/link/module_files.c cli/link/elf_append.c cli/link/ghost_messages.c

CLI_OBJECTS := $(CLI_SOURCES:%.c=$(BUILD)/host/%.o) $(MKIMAGE_SOURCES:%.c=$(BUILD)/host/%.o) \
	$(BUILD)/host/cli/install/bootcode_blobs.o $(HOST_PORTABLE_OBJECTS)

# Rebuilt whenever stage 1 or stage 2 is.
$(BUILD)/host/cli/install/bootcode_blobs.o: cli/install/bootcode_blobs.S $(STAGE1_MBR) \
		$(STAGE1_VBR) $(STAGE2_BIN)
	@mkdir -p $(@D)
	$(CC) -c -DSTAGE1_BIN='"$(STAGE1_MBR)"' -DSTAGE1_VBR_BIN='"$(STAGE1_VBR)"' \
		-DSTAGE2_BIN='"$(STAGE2_BIN)"' $< -o $@

$(BUILD)/ghostboot: $(CLI_OBJECTS)
	$(CC) $^ -o $@

all: $(BUILD)/ghostboot
