# Host tests of the configuration parser and SHA-256 (stage2/config.c,
# stage2/sha256.c), built from the host objects.
CONFIG_TEST_OBJECTS := $(BUILD)/host/stage2/config.o $(BUILD)/host/stage2/sha256.o

$(BUILD)/tests/host/test_config: $(BUILD)/host/tests/host/test_config.o $(CONFIG_TEST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $^ -o $@

$(BUILD)/tests/host/test_sha256: $(BUILD)/host/tests/host/test_sha256.o $(BUILD)/host/stage2/sha256.o
	@mkdir -p $(@D)
	$(CC) $^ -o $@

test-programs: $(BUILD)/tests/host/test_config $(BUILD)/tests/host/test_sha256
