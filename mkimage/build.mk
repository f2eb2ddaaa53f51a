# mkimage: the `ghostboot` host CLI. Stage 1 and stage 2 are linked into it
# (bootcode_blobs.S), so the binary needs no other file.

# The CLI reads partition tables; fs/build.mk leaves partitions to us.
FS_SOURCES += fs/partition.c fs/partition_gpt.c fs/crc32.c

EMBEDDED_STAGE1 := $(BUILD)/stage1/mbr.bin
EMBEDDED_VBR := $(BUILD)/stage1/vbr.bin
EMBEDDED_STAGE2 := $(BUILD)/stage2/stage2.bin

GHOSTBOOT_SOURCES := mkimage/main.c mkimage/diag.c mkimage/options.c mkimage/cleanup.c \
	mkimage/tool.c mkimage/image.c mkimage/bootcode.c mkimage/boot_partition.c \
	mkimage/install_target.c mkimage/sector_check.c mkimage/mbr_gap.c mkimage/bios_boot.c \
	mkimage/reserved_sectors.c mkimage/stage2_file.c mkimage/ext_volume.c \
	mkimage/debugfs.c mkimage/floppy.c mkimage/install.c mkimage/contents.c \
	mkimage/config_text.c mkimage/format.c mkimage/mkfs.c mkimage/staging.c \
	mkimage/mtools.c mkimage/mkimage.c mkimage/serial_log.c mkimage/qemu_args.c \
	mkimage/qemu.c stage2/config.c stage2/sha256.c fs/fat_runs.c
# inspect and link read and link modules with ghost/.
GHOSTBOOT_SOURCES += mkimage/inspect.c mkimage/link.c mkimage/prelink.c mkimage/kernel_elf.c \
	mkimage/module_files.c mkimage/file_bytes.c mkimage/elf_append.c mkimage/ghost_messages.c
GHOSTBOOT_OBJECTS := $(GHOSTBOOT_SOURCES:%.c=$(BUILD)/host/%.o) \
	$(BUILD)/host/mkimage/bootcode_blobs.o
GHOSTBOOT_OBJECTS += $(GHOST_HOST_OBJECTS)

# Rebuilt whenever stage 1 or stage 2 is.
$(BUILD)/host/mkimage/bootcode_blobs.o: mkimage/bootcode_blobs.S $(EMBEDDED_STAGE1) \
		$(EMBEDDED_VBR) $(EMBEDDED_STAGE2)
	@mkdir -p $(@D)
	$(CC) -c -DSTAGE1_BIN='"$(EMBEDDED_STAGE1)"' -DSTAGE1_VBR_BIN='"$(EMBEDDED_VBR)"' \
		-DSTAGE2_BIN='"$(EMBEDDED_STAGE2)"' $< -o $@

# FS_HOST_OBJECTS is complete only once every fragment is read.
.SECONDEXPANSION:
$(BUILD)/ghostboot: $(GHOSTBOOT_OBJECTS) $$(FS_HOST_OBJECTS)
	$(CC) $^ -o $@

all: $(BUILD)/ghostboot

# tests/host/test_partition.c: MBR and GPT tables written by sfdisk.
$(BUILD)/tests/host/test_partition: $(BUILD)/host/tests/host/test_partition.o \
		$(BUILD)/host/fs/partition.o $(BUILD)/host/fs/partition_gpt.o \
		$(BUILD)/host/fs/crc32.o $(BUILD)/host/fs/blockdev.o
	@mkdir -p $(@D)
	$(CC) $^ -o $@

test-programs: $(BUILD)/ghostboot $(BUILD)/tests/host/test_partition
