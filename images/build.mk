# images: the sample images, one recipe each (docs/cli.md, "Recipes"),
# built by `make images` into build/images/ and booted by make test
# (tests/boot/images.sh). They are reproducible: SOURCE_DATE_EPOCH, else
# the time of the last commit, fixes every id and timestamp.
IMAGE_RECIPES := $(wildcard images/*.recipe)
IMAGES := $(IMAGE_RECIPES:images/%.recipe=$(BUILD)/images/%.img)
IMAGES_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))

.PHONY: images
images: $(IMAGES)

$(BUILD)/images/%.img: images/%.recipe $(BUILD)/ghostboot $(BUILD)/kernel/kernel.elf \
		$(SAMPLE_MODULES)
	@mkdir -p $(@D)
	BUILD=$(abspath $(BUILD)) $(if $(IMAGES_EPOCH),SOURCE_DATE_EPOCH=$(IMAGES_EPOCH)) \
		$(BUILD)/ghostboot mkimage --recipe $< -o $@

# The Linux sample: Debian's kernel (fetched once, not installed) under a
# fixed name, and the initramfs archives of the Linux boot test.
$(BUILD)/images/linux.img: $(BUILD)/linux/vmlinuz $(BUILD)/images/linux/first.cpio
$(BUILD)/linux/vmlinuz:
	@mkdir -p $(@D)
	ln -sf "$$(BUILD=$(BUILD) scripts/fetch-linux.sh)" $@
$(BUILD)/images/linux/first.cpio: tests/boot/linux/initramfs.sh $(LINUX_INIT)
	@mkdir -p $(@D)
	sh tests/boot/linux/initramfs.sh $(@D) $(LINUX_INIT)
