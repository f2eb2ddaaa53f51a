# Host tests of ghost/ (docs/ghost.md), included by ghost/build.mk.
#  test_ghost_ld      ghost's output against GNU ld's, over a corpus of modules
#                     built by gcc and clang at -O0 and -O2
#  test_ghost_errors  every error, each from a crafted or damaged object
#  test_ghost_kernel  the kernel export table read from a linked kernel ELF
#  test_ghost_fuzz    damaged objects under AddressSanitizer and UBSan
GHOST_TEST_DIR := $(BUILD)/tests/ghost
GHOST_MODULE_CFLAGS := -std=c11 -Iinclude -ffreestanding -fno-stack-protector -mcmodel=kernel \
	-fno-pic -fno-pie -mno-red-zone -fno-common -fno-asynchronous-unwind-tables \
	-mno-mmx -mno-sse -mno-sse2 -mno-80387 -MMD -MP
GHOST_CLANG := clang

# The corpus: every sample module and tests/ghost/corpus/*.c, four ways.
GHOST_CORPUS_SOURCES := $(wildcard kernel/modules/*.c) $(wildcard tests/ghost/corpus/*.c)
GHOST_CORPUS_VARIANTS := gcc-O0 gcc-O2 clang-O0 clang-O2
GHOST_CORPUS := $(foreach v,$(GHOST_CORPUS_VARIANTS),\
	$(GHOST_CORPUS_SOURCES:%.c=$(GHOST_TEST_DIR)/corpus/$(v)/%.o))

$(GHOST_TEST_DIR)/corpus/gcc-O0/%.o: %.c
	@mkdir -p $(@D)
	gcc $(GHOST_MODULE_CFLAGS) -O0 -g -c $< -o $@
$(GHOST_TEST_DIR)/corpus/gcc-O2/%.o: %.c
	@mkdir -p $(@D)
	gcc $(GHOST_MODULE_CFLAGS) -O2 -c $< -o $@
$(GHOST_TEST_DIR)/corpus/clang-O0/%.o: %.c
	@mkdir -p $(@D)
	$(GHOST_CLANG) $(GHOST_MODULE_CFLAGS) -O0 -g -c $< -o $@
$(GHOST_TEST_DIR)/corpus/clang-O2/%.o: %.c
	@mkdir -p $(@D)
	$(GHOST_CLANG) $(GHOST_MODULE_CFLAGS) -O2 -c $< -o $@

$(GHOST_TEST_DIR)/corpus.list: $(GHOST_CORPUS)
	@printf '%s\n' $^ >$@

# Fixtures for the error tests; some sources are built more than one way.
GHOST_FIXTURES := basic common ring_a ring_b ring_p ring_q ring_r provider user_v4 user_v5 \
	weak abs32 nomodinfo pic pic_norelax uses_kernel uses_kernel_secret
GHOST_FIXTURE_OBJECTS := $(GHOST_FIXTURES:%=$(GHOST_TEST_DIR)/fixtures/%.o)
GHOST_FIXTURE_CFLAGS = $(GHOST_MODULE_CFLAGS) -O2 -c -o $@

$(GHOST_TEST_DIR)/fixtures/%.o: tests/ghost/fixtures/%.c
	@mkdir -p $(@D)
	gcc $(GHOST_FIXTURE_CFLAGS) $<
$(GHOST_TEST_DIR)/fixtures/common.o: tests/ghost/fixtures/common.c
	@mkdir -p $(@D)
	gcc $(GHOST_FIXTURE_CFLAGS) -fcommon $<
# ring_a -> ring_b -> ring_a; ring_p -> ring_q -> ring_r -> ring_p
$(GHOST_TEST_DIR)/fixtures/ring_%.o: tests/ghost/fixtures/ring.c
	@mkdir -p $(@D)
	gcc $(GHOST_FIXTURE_CFLAGS) -DSELF=ring_$* \
		-DNEXT=ring_$(word 2,$(subst :, ,$(filter $*:%,a:b b:a p:q q:r r:p))) $<
$(GHOST_TEST_DIR)/fixtures/user_v%.o: tests/ghost/fixtures/user.c
	@mkdir -p $(@D)
	gcc $(GHOST_FIXTURE_CFLAGS) -DAPI_VERSION=$* $<
# Position-independent code (small code model): GOT relocations, which
# modules may not use.
GHOST_PIC_CFLAGS = $(filter-out -mcmodel=kernel -fno-pic,$(GHOST_FIXTURE_CFLAGS)) -fpic
$(GHOST_TEST_DIR)/fixtures/pic.o: tests/ghost/fixtures/pic.c
	@mkdir -p $(@D)
	gcc $(GHOST_PIC_CFLAGS) $<
$(GHOST_TEST_DIR)/fixtures/pic_norelax.o: tests/ghost/fixtures/pic.c
	@mkdir -p $(@D)
	gcc $(GHOST_PIC_CFLAGS) -Wa,-mrelax-relocations=no $<
$(GHOST_TEST_DIR)/fixtures/uses_kernel_secret.o: tests/ghost/fixtures/uses_kernel.c
	@mkdir -p $(@D)
	gcc $(GHOST_FIXTURE_CFLAGS) -DUSE_SECRET $<

$(GHOST_TEST_DIR)/kernel.elf: $(GHOST_TEST_DIR)/fixtures/kernel.o tests/ghost/fixtures/kernel.ld
	$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T tests/ghost/fixtures/kernel.ld -o $@ $<

GHOST_TEST_SUPPORT := $(BUILD)/host/tests/ghost/support.o

$(BUILD)/tests/host/test_ghost_ld: $(BUILD)/host/tests/ghost/test_ghost_ld.o \
		$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_TEST_DIR)/corpus.list
	@mkdir -p $(@D)
	$(CC) $(filter %.o,$^) -o $@
$(BUILD)/tests/host/test_ghost_errors: $(BUILD)/host/tests/ghost/test_ghost_errors.o \
		$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_FIXTURE_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(filter %.o,$^) -o $@
$(BUILD)/tests/host/test_ghost_kernel: $(BUILD)/host/tests/ghost/test_ghost_kernel.o \
		$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_TEST_DIR)/kernel.elf \
		$(GHOST_FIXTURE_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(filter %.o,$^) -o $@

# The fuzzer and everything it calls, built with the sanitizers.
GHOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
$(GHOST_TEST_DIR)/sanitized/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(GHOST_SANITIZE) -c $< -o $@
$(BUILD)/tests/host/test_ghost_fuzz: \
		$(patsubst %.c,$(GHOST_TEST_DIR)/sanitized/%.o,tests/ghost/test_ghost_fuzz.c \
			tests/ghost/support.c $(GHOST_SOURCES)) \
		| $(GHOST_TEST_DIR)/corpus.list $(GHOST_FIXTURE_OBJECTS) $(GHOST_TEST_DIR)/kernel.elf
	@mkdir -p $(@D)
	$(CC) $(GHOST_SANITIZE) $(filter %.o,$^) -o $@

test-programs: $(BUILD)/tests/host/test_ghost_ld $(BUILD)/tests/host/test_ghost_errors \
	$(BUILD)/tests/host/test_ghost_kernel $(BUILD)/tests/host/test_ghost_fuzz
