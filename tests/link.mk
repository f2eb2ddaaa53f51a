# Host test of `ghostboot link`'s output against ghost's own linking of the
# same modules (tests/host/test_linked_kernel.c); tests/host/ghost_cli.sh
# checks inspect and link with nm, objdump and readelf.
$(BUILD)/tests/host/test_linked_kernel: $(BUILD)/host/tests/host/test_linked_kernel.o \
		$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(BUILD)/ghostboot \
		$(BUILD)/kernel/kernel.elf $(SAMPLE_MODULES)
	@mkdir -p $(@D)
	$(CC) $(filter %.o,$^) -o $@

test-programs: $(BUILD)/tests/host/test_linked_kernel
