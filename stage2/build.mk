# Stage 2: NASM for the mode switches, freestanding 32-bit C for the rest,
# linked flat at 0x8000 (stage2/stage2.ld). `ghostboot` embeds the binary.
STAGE2_BIN := $(BUILD)/stage2/stage2.bin
STAGE2_C_SOURCES := stage2/main.c stage2/boot_volume.c stage2/console.c stage2/format.c stage2/disk.c stage2/memory.c stage2/memory_allocate.c \
	stage2/a20.c stage2/timer.c stage2/menu.c stage2/files.c stage2/file_stream.c stage2/kernel_load.c stage2/paging.c \
	stage2/modules.c stage2/strings.c stage2/handoff.c stage2/lib.c \
	stage2/module_link.c stage2/module_data.c stage2/prelinked.c stage2/cpu.c stage2/protocol.c stage2/recovery.c stage2/restart.c stage2/firmware.c \
	stage2/protocols/ghostboot.c stage2/protocols/multiboot1.c stage2/protocols/multiboot2.c \
	stage2/protocols/multiboot_load.c stage2/protocols/linux.c stage2/protocols/chainload.c \
	stage2/acpi.c stage2/acpi_rsdp.c stage2/vbe.c stage2/vbe_mode.c stage2/video.c stage2/video_request.c \
	stage2/drivers/pci.c stage2/drivers/native.c stage2/drivers/ahci.c \
	stage2/drivers/ide_dma.c stage2/drivers/virtio_blk.c $(STAGE2_PORTABLE_SOURCES)
STAGE2_OBJECTS := $(BUILD)/stage2/entry.o $(STAGE2_C_SOURCES:%.c=$(BUILD)/stage2/obj/%.o)

$(BUILD)/stage2/entry.o: stage2/entry.asm
	@mkdir -p $(@D)
	$(NASM) -f elf32 -o $@ $<

$(BUILD)/stage2/stage2.elf: $(STAGE2_OBJECTS) stage2/stage2.ld
	$(LD) -m elf_i386 -nostdlib -static --no-warn-rwx-segments -T stage2/stage2.ld -o $@ $(STAGE2_OBJECTS)

$(STAGE2_BIN): $(BUILD)/stage2/stage2.elf
	$(OBJCOPY) -O binary $< $@
	@echo "stage 2: $$(stat -c %s $@) bytes"

all: $(STAGE2_BIN)
