# kernel: the sample x86-64 higher-half kernel and its modules (docs/kernel.md).

KERNEL_SOURCES := bootinfo.c cmdline.c console.c exceptions.c expectation.c framebuffer.c gdt.c \
	idt.c image_bytes.c kalloc.c kprintf.c kstring.c linked_modules.c main.c memmap.c \
	module_call.c module_image.c module_init.c module_restart.c module_restart_bench.c \
	modules.c phys.c raw_files.c report.c restart_data.c selftest.c selftest_modules.c \
	serial.c vga.c
KERNEL_ASM_SOURCES := entry.asm isr.asm module_call.asm
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/kernel/obj/kernel/%.o,$(KERNEL_SOURCES)) \
	$(patsubst %.asm,$(BUILD)/kernel/obj/kernel/%.asm.o,$(KERNEL_ASM_SOURCES)) \
	$(KERNEL_PORTABLE_SOURCES:%.c=$(BUILD)/kernel/obj/%.o)

# The sample modules, in dependency order: each may use what the earlier ones
# export. `make demo` passes them to mkimage in this order.
SAMPLE_MODULE_NAMES := console checksum hello
SAMPLE_MODULES := $(SAMPLE_MODULE_NAMES:%=$(BUILD)/modules/%.gbm)

all: $(BUILD)/kernel/kernel.elf $(SAMPLE_MODULES)

$(BUILD)/kernel/obj/kernel/%.asm.o: kernel/%.asm
	@mkdir -p $(@D)
	$(NASM) -f elf64 -g -F dwarf -MD $(@:.o=.d) -MP -o $@ $<

$(BUILD)/kernel/kernel.elf: $(KERNEL_OBJS) kernel/kernel.ld
	@mkdir -p $(@D)
	$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T kernel/kernel.ld -o $@ $(KERNEL_OBJS)

# A module is its object file without debug information.
$(SAMPLE_MODULES): $(BUILD)/modules/%.gbm: $(BUILD)/kernel/obj/kernel/modules/%.o
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-debug $< $@
