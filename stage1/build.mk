# Stage 1: boot sectors assembled flat; `ghostboot` embeds them.
STAGE1_MBR := $(BUILD)/stage1/mbr.bin
STAGE1_VBR := $(BUILD)/stage1/vbr.bin

$(BUILD)/stage1/%.bin: stage1/%.asm stage1/load_stage2.inc
	@mkdir -p $(@D)
	$(NASM) -f bin -i stage1/ -o $@ $<

all: $(STAGE1_MBR) $(STAGE1_VBR)
