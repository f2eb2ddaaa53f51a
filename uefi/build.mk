# The UEFI loader (docs/uefi.md): a PE32+ EFI application for x86-64, built by
# clang for the Windows target (UEFI's calling convention and object format)
# and linked by lld-link. It takes the portable layer and stage 2's
# portable C, each compiled once more into build/uefi/obj/. GB_ABI_ADDRESSES: it
# reads the kernel's export and module tables as stage 2 does, as 64-bit numbers.
UEFI_CC := clang
UEFI_LD := lld-link
UEFI_EFI := $(BUILD)/uefi/BOOTX64.EFI
UEFI_CFLAGS := $(COMMON_CFLAGS) -target x86_64-unknown-windows -ffreestanding -fshort-wchar \
	-mno-red-zone -fno-stack-protector -mno-stack-arg-probe -fno-builtin -mno-mmx -mno-sse \
	-mno-sse2 -mno-80387 -O2 -DGB_ABI_ADDRESSES
UEFI_C_SOURCES := uefi/main.c uefi/console.c uefi/disk.c uefi/memory.c uefi/memory_map.c \
	uefi/video.c uefi/guids.c uefi/acpi.c uefi/restart.c uefi/firmware.c uefi/image.c \
	uefi/protocols/linux.c uefi/protocols/chainload.c \
	stage2/boot_volume.c stage2/menu.c stage2/recovery.c stage2/format.c stage2/files.c stage2/file_stream.c stage2/kernel_load.c stage2/paging.c \
	stage2/modules.c stage2/strings.c stage2/handoff.c stage2/lib.c stage2/memory_allocate.c stage2/module_link.c \
	stage2/module_data.c \
	stage2/prelinked.c stage2/cpu.c stage2/timer.c stage2/video_request.c stage2/vbe_mode.c \
	stage2/protocol.c stage2/protocols/ghostboot.c stage2/protocols/multiboot1.c \
	stage2/protocols/multiboot2.c stage2/protocols/multiboot_load.c $(MULTIBOOT_SOURCES) $(LINUX_SOURCES) stage2/acpi_rsdp.c $(CONFIG_SOURCES) $(FS_SOURCES) $(GHOST_SOURCES)
UEFI_OBJECTS := $(BUILD)/uefi/entry.obj $(UEFI_C_SOURCES:%.c=$(BUILD)/uefi/obj/%.obj)

$(BUILD)/uefi/obj/%.obj: %.c
	@mkdir -p $(@D)
	$(UEFI_CC) $(UEFI_CFLAGS) -c $< -o $@

$(BUILD)/uefi/entry.obj: uefi/entry.asm
	@mkdir -p $(@D)
	$(NASM) -f win64 -o $@ $<

$(UEFI_EFI): $(UEFI_OBJECTS)
	$(UEFI_LD) -nologo -subsystem:efi_application -entry:efi_main -nodefaultlib \
		-out:$@ $(UEFI_OBJECTS)
	@echo "UEFI loader: $$(stat -c %s $@) bytes"

all: $(UEFI_EFI)
