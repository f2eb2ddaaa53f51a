# Stage 1: boot sectors assembled flat; `ghostboot` embeds them.
STAGE1_MBR := $(BUILD)/stage1/mbr.bin

$(BUILD)/stage1/%.bin: stage1/%.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

all: $(STAGE1_MBR)
