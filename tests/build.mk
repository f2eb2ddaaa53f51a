# Every test's build rules (docs/building.md). Host unit tests are
# $(TEST_BIN)/test_*, each one C file under tests/ linked with what it tests;
# tests/run.sh runs them and every script under tests/*/ .
TEST_BIN := $(BUILD)/tests/bin
HOST_TESTS :=

# One host test: its own object, then the objects it tests.
define host_test
$(TEST_BIN)/$(1): $(BUILD)/host/tests/$(2).o $(3)
	@mkdir -p $$(@D)
	$$(CC) $$(filter %.o,$$^) -o $$@
HOST_TESTS += $(TEST_BIN)/$(1)
endef

# fs: fsread (one file out of an image, for fat.sh and ext2.sh) and the
# partition tables sfdisk writes.
FS_HOST_OBJECTS := $(FS_SOURCES:%.c=$(BUILD)/host/%.o)
$(TEST_BIN)/fsread: $(BUILD)/host/tests/fs/fsread.o $(FS_HOST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $^ -o $@
$(eval $(call host_test,test_partition,fs/test_partition,$(FS_HOST_OBJECTS)))

# config: the parser and SHA-256.
CONFIG_HOST_OBJECTS := $(CONFIG_SOURCES:%.c=$(BUILD)/host/%.o)
$(eval $(call host_test,test_config,config/test_config,$(CONFIG_HOST_OBJECTS)))

# multiboot: the header parser on crafted headers.
$(eval $(call host_test,test_multiboot_header,multiboot/test_header,\
	$(MULTIBOOT_SOURCES:%.c=$(BUILD)/host/%.o)))

# stage2: what stage 2 makes of the BIOS's VBE answers, from crafted blocks.
$(eval $(call host_test,test_vbe_mode,stage2/test_vbe_mode,$(BUILD)/host/stage2/vbe_mode.o))

# kernel: test-only modules, the module check against the built modules and
# damaged copies, the kernel's program headers, the allocator, the check of
# the restart data, the export table through ghost's reader (the one stage 2
# links with).
# fault faults in its init, undefined imports a symbol nobody exports, bulk
# carries 32 MiB of data (modules.sh boots it in 128 MiB of RAM), flaky
# faults on its first call and flaky_user makes that call (restarts.sh); poke,
# jump, forged, offstub and kpointer each break isolation one way (isolation.sh
# loads them isolated), crashy faults in ring 0 when the isolated
# crashy_user calls it through a gate, and runs the isolated smep_user's
# function in ring 0; kept out of build/modules so that nothing loads them
# by accident. Programs (tests/kernel/programs/) likewise.
TEST_MODULE_NAMES := fault undefined bulk flaky flaky_user poke jump forged offstub kpointer crashy \
	crashy_user smep_user
TEST_MODULES := $(TEST_MODULE_NAMES:%=$(BUILD)/tests/modules/%.gbm)
$(TEST_MODULES): $(BUILD)/tests/modules/%.gbm: $(BUILD)/kernel/obj/tests/kernel/modules/%.o
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-debug $< $@
TEST_PROGRAM_NAMES := greet
TEST_PROGRAMS := $(TEST_PROGRAM_NAMES:%=$(BUILD)/tests/programs/%.o)
$(TEST_PROGRAMS): $(BUILD)/tests/programs/%.o: $(BUILD)/kernel/obj/tests/kernel/programs/%.o
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-debug $< $@
GHOST_HOST_OBJECTS := $(GHOST_SOURCES:%.c=$(BUILD)/host/%.o)

# blob_object FORMAT ARCHITECTURE SIZE: a recipe for $(@D)/blob.o, SIZE
# (head -c's units) of random bytes in a read-only section between the
# symbols _binary_blob_bin_start and _end.
define blob_object
	@mkdir -p $(@D)
	head -c $(3) /dev/urandom >$(@D)/blob.bin
	cd $(@D) && $(OBJCOPY) -I binary -O $(1) -B $(2) \
		--rename-section .data=.rodata.blob,alloc,load,readonly,data,contents blob.bin blob.o
	rm $(@D)/blob.bin
endef

# boot: the sample kernel with SIZE of those bytes in its read-only segment,
# as blob-kernel-SIZE.elf; the kernel checks them (expect-image=).
# loading.sh and drivers.sh boot the 64M one in 128 MiB of RAM, payloads.sh
# the 4M one from every filesystem.
BLOB_KERNEL := $(BUILD)/tests/kernel/blob-kernel-64M.elf
SMALL_BLOB_KERNEL := $(BUILD)/tests/kernel/blob-kernel-4M.elf
$(BUILD)/tests/kernel/blob-%/blob.o:
	$(call blob_object,elf64-x86-64,i386:x86-64,$*)
$(BUILD)/tests/kernel/blob-kernel-%.elf: $(KERNEL_OBJS) $(BUILD)/tests/kernel/blob-%/blob.o \
		kernel/kernel.ld
	$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T kernel/kernel.ld -o $@ $(KERNEL_OBJS) $(BUILD)/tests/kernel/blob-$*/blob.o

# boot: payload.gbm, a test module carrying PAYLOAD_SIZE random bytes made at
# build time and their FNV-1a hash, computed on the host by fnv1a (the
# kernel's own hash, kernel/expectation.c, built for the host; lib.sh's fnv1a too);
# the module links the kernel's hash too, which no export offers.
PAYLOAD_SIZE := 3M
PAYLOAD_DIR := $(BUILD)/tests/kernel/payload
PAYLOAD_MODULE := $(BUILD)/tests/modules/payload.gbm
$(TEST_BIN)/fnv1a: $(BUILD)/host/tests/kernel/fnv1a.o $(BUILD)/host/kernel/expectation.o
	@mkdir -p $(@D)
	$(CC) $^ -o $@
$(PAYLOAD_DIR)/payload.bin:
	@mkdir -p $(@D)
	head -c $(PAYLOAD_SIZE) /dev/urandom >$@
$(PAYLOAD_DIR)/payload.o: tests/kernel/modules/payload.c $(PAYLOAD_DIR)/payload.bin \
		$(TEST_BIN)/fnv1a
	$(CC) $(KERNEL_CFLAGS) -DPAYLOAD_BIN='"$(PAYLOAD_DIR)/payload.bin"' \
		-DPAYLOAD_FNV=0x$$($(TEST_BIN)/fnv1a $(PAYLOAD_DIR)/payload.bin) -c $< -o $@
$(PAYLOAD_MODULE): $(PAYLOAD_DIR)/payload.o $(BUILD)/kernel/obj/kernel/expectation.o
	@mkdir -p $(@D)
	$(LD) -m elf_x86_64 -r -o $(PAYLOAD_DIR)/linked.o $^
	$(OBJCOPY) --strip-debug $(PAYLOAD_DIR)/linked.o $@
# stand_ins.o: what the kernel sources below call of the rest of the kernel.
KERNEL_STAND_INS := $(BUILD)/host/tests/kernel/stand_ins.o
$(eval $(call host_test,test_module_image,kernel/test_module_image,$(KERNEL_STAND_INS) \
	$(BUILD)/host/kernel/module_image.o $(KERNEL_PORTABLE_SOURCES:%.c=$(BUILD)/host/%.o) \
	| $(SAMPLE_MODULES)))
$(eval $(call host_test,test_kernel_elf,kernel/test_kernel_elf,| $(BUILD)/kernel/kernel.elf))
$(eval $(call host_test,test_kalloc,kernel/test_kalloc,$(BUILD)/host/kernel/kalloc.o))
$(eval $(call host_test,test_restart_data,kernel/test_restart_data,$(KERNEL_STAND_INS) \
	$(BUILD)/host/kernel/restart_data.o $(BUILD)/host/kernel/memmap.o $(BUILD)/host/kernel/phys.o))
$(eval $(call host_test,test_gate_args,kernel/test_gate_args,$(KERNEL_STAND_INS) \
	$(BUILD)/host/kernel/gate_args.o \
	$(BUILD)/host/kernel/format_spec.o $(BUILD)/host/kernel/kalloc.o))
$(eval $(call host_test,test_crossing,kernel/test_crossing,$(KERNEL_STAND_INS) \
	$(BUILD)/host/kernel/crossing.o \
	$(BUILD)/host/kernel/format_spec.o))
$(eval $(call host_test,test_kernel_exports,kernel/test_kernel_exports,\
	$(GHOST_HOST_OBJECTS) | $(BUILD)/kernel/kernel.elf))

# ghost (docs/ghost.md):
#  test_ghost_ld      ghost's output against GNU ld's, over a corpus of modules
#                     built by gcc and clang at -O0 and -O2
#  test_ghost_errors  every error, each from a crafted or damaged object
#  test_ghost_kernel  the kernel export table read from a linked kernel ELF
#  test_ghost_fuzz    damaged objects under AddressSanitizer and UBSan
GHOST_TEST_DIR := $(BUILD)/tests/ghost
GHOST_MODULE_CFLAGS := -std=c11 -I. -Iinclude -ffreestanding -fno-stack-protector -mcmodel=kernel \
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

# Isolation (docs/isolation.md): modules and programs built by gcc and by
# clang, as NAME:SOURCE:DEFINE (some sources more than one way), and a
# kernel offering gates.
GHOST_ISOLATION_TABLE := iso_hello:iso_hello: iso_caller:iso_caller: \
	iso_caller_data:iso_caller:-DUSE_DATA iso_ungated:iso_refused:-DIMPORT_UNGATED \
	iso_data:iso_refused:-DIMPORT_DATA iso_wx:iso_refused:-DWRITABLE_CODE \
	iso_program:iso_program: iso_program_kmalloc:iso_program:-DUSE_KMALLOC \
	iso_program_nomain:iso_program:-DNO_MAIN iso_program_export:iso_program:-DWITH_EXPORT
GHOST_ISOLATION_OBJECTS :=
define iso_fixture
GHOST_ISOLATION_OBJECTS += $(GHOST_TEST_DIR)/isolation/$(1)/$(2).o
$(GHOST_TEST_DIR)/isolation/$(1)/$(2).o: tests/ghost/fixtures/$(3).c
	@mkdir -p $$(@D)
	$(if $(filter clang,$(1)),$(GHOST_CLANG),gcc) $$(GHOST_FIXTURE_CFLAGS) -DNAME='"$(2)"' $(4) $$<
endef
$(foreach c,gcc clang,$(foreach f,$(GHOST_ISOLATION_TABLE),\
	$(eval $(call iso_fixture,$(c),$(word 1,$(subst :, ,$(f))),$(word 2,$(subst :, ,$(f))),\
		$(word 3,$(subst :, ,$(f)))))))
$(GHOST_TEST_DIR)/iso_kernel.elf: $(GHOST_TEST_DIR)/fixtures/iso_kernel.o tests/ghost/fixtures/kernel.ld
	$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T tests/ghost/fixtures/kernel.ld -o $@ $<

GHOST_TEST_SUPPORT := $(BUILD)/host/tests/ghost/support.o
$(eval $(call host_test,test_ghost_ld,ghost/test_ghost_ld,\
	$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_TEST_DIR)/corpus.list))
$(eval $(call host_test,test_ghost_errors,ghost/test_ghost_errors,\
	$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_FIXTURE_OBJECTS)))
$(eval $(call host_test,test_ghost_isolation,ghost/test_ghost_isolation,\
	$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_ISOLATION_OBJECTS) \
	$(GHOST_TEST_DIR)/iso_kernel.elf $(BUILD)/kernel/kernel.elf $(SAMPLE_MODULES)))
$(eval $(call host_test,test_ghost_kernel,ghost/test_ghost_kernel,\
	$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(GHOST_TEST_DIR)/kernel.elf \
	$(GHOST_FIXTURE_OBJECTS)))

# The fuzzer and everything it calls, built with the sanitizers.
GHOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
$(GHOST_TEST_DIR)/sanitized/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(GHOST_SANITIZE) -c $< -o $@
$(TEST_BIN)/test_ghost_fuzz: \
		$(patsubst %.c,$(GHOST_TEST_DIR)/sanitized/%.o,tests/ghost/test_ghost_fuzz.c \
			tests/ghost/support.c $(GHOST_SOURCES)) \
		| $(GHOST_TEST_DIR)/corpus.list $(GHOST_FIXTURE_OBJECTS) $(GHOST_TEST_DIR)/kernel.elf \
		$(GHOST_ISOLATION_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(GHOST_SANITIZE) $(filter %.o,$^) -o $@
HOST_TESTS += $(TEST_BIN)/test_ghost_fuzz

# cli: `ghostboot link`'s output against ghost's own linking of the same
# modules; the scripts in tests/cli/ drive the built command.
$(eval $(call host_test,test_linked_kernel,cli/test_linked_kernel,\
	$(GHOST_TEST_SUPPORT) $(GHOST_HOST_OBJECTS) | $(BUILD)/ghostboot \
	$(BUILD)/kernel/kernel.elf $(SAMPLE_MODULES)))

# boot: guests that end a boot in each way `ghostboot test` tells apart
# (tests/boot/guests/guest.asm, one image per behaviour), for verdicts.sh
# and harness.sh; a 1 MiB disk each.
GUEST_BEHAVIOURS := 1 2 3 4 5 6 7 8 9 10 11
GUESTS := $(GUEST_BEHAVIOURS:%=$(BUILD)/tests/guests/guest%.img)
$(BUILD)/tests/guests/guest%.img: tests/boot/guests/guest.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -DBEHAVIOUR=$* -o $@ $<
	truncate -s 1M $@

# boot: fbkernel, a Multiboot kernel that checks and draws on the framebuffer
# it gets (tests/boot/video/), for video.sh. Each variant is a protocol and
# the mode its header asks for; mb2-optional and mb2-missing ask for a mode
# no card has, the first with its framebuffer tag optional.
VIDEO_DIR := $(BUILD)/tests/video
VIDEO_KERNEL_NAMES := mb1 mb2 mb2-optional mb2-missing
VIDEO_KERNELS := $(VIDEO_KERNEL_NAMES:%=$(VIDEO_DIR)/fbkernel-%.elf)
video_header_mb1 := -DMB1 -DWIDTH=800 -DHEIGHT=600 -DDEPTH=32
video_header_mb2 := -DMB2 -DWIDTH=800 -DHEIGHT=600 -DDEPTH=32
video_header_mb2-optional := -DMB2 -DOPTIONAL -DWIDTH=1234 -DHEIGHT=567 -DDEPTH=32
video_header_mb2-missing := -DMB2 -DWIDTH=1234 -DHEIGHT=567 -DDEPTH=32
$(VIDEO_DIR)/header-%.o: tests/boot/video/header.asm
	@mkdir -p $(@D)
	$(NASM) -f elf32 $(video_header_$*) -o $@ $<
$(VIDEO_DIR)/fbkernel.o: tests/boot/video/fbkernel.c
	@mkdir -p $(@D)
	$(CC) $(MB_TEST_CFLAGS) -c $< -o $@
$(VIDEO_KERNELS): $(VIDEO_DIR)/fbkernel-%.elf: $(VIDEO_DIR)/header-%.o $(VIDEO_DIR)/fbkernel.o \
		tests/boot/video/fbkernel.ld
	$(LD) -m elf_i386 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--no-warn-rwx-segments --build-id=none -T tests/boot/video/fbkernel.ld -o $@ \
		$(filter %.o,$^)

# boot: Multiboot test kernels (tests/boot/multiboot/, multiboot.sh): one
# C body checking what it is handed, behind a header assembled per variant:
# the good kernels, then one damage each for the bad-input tests.
MB_TEST_DIR := $(BUILD)/tests/multiboot
MB_TEST_CFLAGS := -std=c11 -I. -m32 -march=i386 -O2 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mno-mmx -mno-sse -mno-sse2 \
	-mno-80387 -Wall -Wextra -Werror
MB_VARIANTS := mb1 mb1-aout mb2 mb1-badsum mb1-flag5 mb1-badend mb2-badsum mb2-tag12 \
	mb2-apm mb2-efi mb2-console mb1-stage2 mb1-ebda mb1-vga
MB_KERNELS := $(MB_VARIANTS:%=$(MB_TEST_DIR)/%.kernel)
mb_defines = $(strip $(if $(filter mb1%,$(1)),-DMB1,-DMB2) \
	$(if $(filter mb1-aout mb1-badend,$(1)),-DAOUT) $(if $(filter %-badend,$(1)),-DBAD_LOAD_END) \
	$(if $(filter %-badsum,$(1)),-DBAD_CHECKSUM) $(if $(filter %-flag5,$(1)),-DEXTRA_FLAGS=0x20) \
	$(if $(filter %-tag12,$(1)),-DEXTRA_TAG=12) $(if $(filter %-efi,$(1)),-DEXTRA_TAG=7) \
	$(if $(filter %-apm,$(1)),-DREQUEST=10) $(if $(filter %-console,$(1)),-DCONSOLE_REQUIRED))
mb_load_base = $(if $(filter %-stage2,$(1)),--defsym=LOAD_BASE=0x20000,$(if $(filter \
	%-ebda,$(1)),--defsym=LOAD_BASE=0x9f000,$(if $(filter %-vga,$(1)),--defsym=LOAD_BASE=0xb8000)))

$(MB_TEST_DIR)/kernel.o: tests/boot/multiboot/kernel.c
	@mkdir -p $(@D)
	$(CC) $(MB_TEST_CFLAGS) -c $< -o $@
$(MB_TEST_DIR)/%.header.o: tests/boot/multiboot/header.asm
	@mkdir -p $(@D)
	$(NASM) -f elf32 $(call mb_defines,$*) -o $@ $<
$(MB_TEST_DIR)/%.elf: $(MB_TEST_DIR)/%.header.o $(MB_TEST_DIR)/kernel.o tests/boot/multiboot/kernel.ld
	$(LD) -m elf_i386 -nostdlib -static --no-warn-rwx-segments -z noexecstack \
		--build-id=none $(call mb_load_base,$*) -T tests/boot/multiboot/kernel.ld -o $@ \
		$(filter %.o,$^)
# The address-field variants are flat files, as an a.out kernel would be.
$(MB_TEST_DIR)/%.kernel: $(MB_TEST_DIR)/%.elf
	$(if $(filter -DAOUT,$(call mb_defines,$*)),$(OBJCOPY) -O binary $< $@,cp $< $@)

# The Multiboot 1 ELF kernel with the random bytes in its segment;
# multiboot.sh boots it in 128 MiB of RAM (expect-image=). Not among the
# variants above: the header fuzzer need not read 64 MiB.
MB_BIG_KERNEL := $(MB_TEST_DIR)/mb1-big.kernel
$(MB_TEST_DIR)/blob.o:
	$(call blob_object,elf32-i386,i386,64M)
$(MB_TEST_DIR)/mb1-big.elf: $(MB_TEST_DIR)/blob.o

$(MB_TEST_DIR)/relocatable.kernel: tests/boot/multiboot/relocatable.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

# The header parser on damaged copies of the kernels above, sanitized as
# ghost's fuzzer is.
$(TEST_BIN)/test_multiboot_fuzz: \
		$(patsubst %.c,$(GHOST_TEST_DIR)/sanitized/%.o,tests/multiboot/test_header_fuzz.c \
			$(MULTIBOOT_SOURCES)) | $(MB_KERNELS) $(MB_TEST_DIR)/relocatable.kernel
	@mkdir -p $(@D)
	$(CC) $(GHOST_SANITIZE) $(filter %.o,$^) -o $@
HOST_TESTS += $(TEST_BIN)/test_multiboot_fuzz

# linux: the bzImage header reader, sanitized as ghost's fuzzer is (its
# last part damages headers at random).
$(TEST_BIN)/test_bzimage: \
		$(patsubst %.c,$(GHOST_TEST_DIR)/sanitized/%.o,tests/linux/test_bzimage.c $(LINUX_SOURCES))
	@mkdir -p $(@D)
	$(CC) $(GHOST_SANITIZE) $(filter %.o,$^) -o $@
HOST_TESTS += $(TEST_BIN)/test_bzimage

# config: SHA-256, both block functions, sanitized as ghost's fuzzer is.
$(TEST_BIN)/test_sha256: \
		$(patsubst %.c,$(GHOST_TEST_DIR)/sanitized/%.o,tests/config/test_sha256.c \
			$(CONFIG_SOURCES))
	@mkdir -p $(@D)
	$(CC) $(GHOST_SANITIZE) $(filter %.o,$^) -o $@
HOST_TESTS += $(TEST_BIN)/test_sha256
# config: stage 2's own objects of SHA-256, run on the host as a 32-bit
# program without a C library (its entry is test_start).
$(TEST_BIN)/test_sha256_stage2: $(patsubst %.c,$(BUILD)/stage2/obj/%.o,\
		tests/config/test_sha256_stage2.c config/sha256.c config/sha256_ni.c)
	@mkdir -p $(@D)
	$(LD) -m elf_i386 -static -nostdlib -e test_start -o $@ $^
HOST_TESTS += $(TEST_BIN)/test_sha256_stage2

# boot: the static /init of the Linux test's initramfs (tests/boot/linux.sh),
# and the boot sector chainload.sh chainloads, with and without its
# signature.
LINUX_INIT := $(BUILD)/tests/linux/init
$(LINUX_INIT): tests/boot/linux/init.c
	@mkdir -p $(@D)
	$(CC) -static -O2 -Wall -Wextra -o $@ $<
CHAINLOAD_SECTORS := $(BUILD)/tests/chainload/report.bin $(BUILD)/tests/chainload/report-nosig.bin
$(BUILD)/tests/chainload/report.bin: tests/boot/chainload/report.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<
$(BUILD)/tests/chainload/report-nosig.bin: tests/boot/chainload/report.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -DNOSIGNATURE -o $@ $<

# Fuzzers (docs/fuzzing.md): a libFuzzer target per parser of untrusted
# bytes, built by clang with ASan and UBSan over copies of the portable
# sources instrumented for coverage. `make test` runs each over its corpus
# in tests/fuzz/corpus/ once (tests/fuzz/corpus.sh); `make fuzz` runs each
# for FUZZ_SECONDS, adding what it finds to $(FUZZ_DIR)/corpus/NAME.
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_CC := clang
FUZZ_SECONDS := 60
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(HOST_CFLAGS) $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link
FUZZERS :=
$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
# fuzzer NAME SOURCES: $(FUZZ_DIR)/NAME from tests/fuzz/fuzz_NAME.c and SOURCES.
define fuzzer
$(FUZZ_DIR)/$(1): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,tests/fuzz/fuzz_$(1).c $(2))
	$$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer $$^ -o $$@
FUZZERS += $(1)
endef
$(eval $(call fuzzer,fat,tests/fuzz/disk.c tests/fuzz/files.c $(FS_SOURCES)))
$(eval $(call fuzzer,ext,tests/fuzz/disk.c tests/fuzz/files.c $(FS_SOURCES)))
$(eval $(call fuzzer,partition,tests/fuzz/disk.c $(FS_SOURCES)))
$(eval $(call fuzzer,config,$(CONFIG_SOURCES)))
$(eval $(call fuzzer,module,tests/fuzz/link.c $(GHOST_SOURCES)))
$(eval $(call fuzzer,modules,tests/fuzz/link.c $(GHOST_SOURCES)))
$(eval $(call fuzzer,elf,$(GHOST_SOURCES)))
$(eval $(call fuzzer,multiboot,$(MULTIBOOT_SOURCES)))
$(eval $(call fuzzer,bzimage,$(LINUX_SOURCES)))
FUZZ_BINARIES := $(FUZZERS:%=$(FUZZ_DIR)/%)

.PHONY: fuzz fuzz-seeds
fuzz: $(FUZZ_BINARIES)
	@for name in $(FUZZERS); do \
		tests/fuzz/campaign.sh $(FUZZ_DIR) $$name $(FUZZ_SECONDS) || exit 1; \
	done
# Rebuilds tests/fuzz/corpus/ from the real tools (tests/fuzz/make-seeds.sh).
fuzz-seeds: $(BUILD)/kernel/kernel.elf $(SAMPLE_MODULES) $(GHOST_CORPUS) $(GHOST_TEST_DIR)/kernel.elf $(MB_KERNELS) $(MB_TEST_DIR)/relocatable.kernel
	@BUILD=$(BUILD) tests/fuzz/make-seeds.sh

test-programs: $(MB_KERNELS) $(MB_BIG_KERNEL) $(MB_TEST_DIR)/relocatable.kernel $(VIDEO_KERNELS) $(HOST_TESTS) $(TEST_BIN)/fsread \
	$(TEST_MODULES) $(TEST_PROGRAMS) $(BLOB_KERNEL) $(SMALL_BLOB_KERNEL) \
	$(PAYLOAD_MODULE) $(TEST_BIN)/fnv1a $(GUESTS) $(BUILD)/ghostboot $(LINUX_INIT) \
	$(CHAINLOAD_SECTORS) $(FUZZ_BINARIES)

# `make bench`: not a test, a report. A synthetic set (tests/bench/
# generate.sh) of BENCH_MODULES modules, each importing BENCH_IMPORTS of
# BENCH_EXPORTS kernel exports:
# - on the host, linked by ghost and by GNU ld in the same run, medians of
#   BENCH_RUNS runs each (tests/bench/ghost_bench.c says what is timed);
# - under QEMU, the first BENCH_QEMU_MODULES of them linked by stage 2 into
#   the sample kernel linked with the set's exports (as kernel/build.mk
#   links it), BENCH_QEMU_RUNS boots (tests/bench/stage2.sh);
# - Debian's Linux kernel to its initramfs's first line, booted by ghostboot,
#   GRUB and SYSLINUX in turn, BENCH_LINUX_RUNS rounds on two machines
#   (tests/bench/linux.sh).
BENCH_MODULES := 200
BENCH_IMPORTS := 500
BENCH_EXPORTS := 10000
BENCH_RUNS := 11
BENCH_QEMU_MODULES := 50
BENCH_QEMU_RUNS := 3
# - the loaders compared (tests/bench/compare.sh): the raw BIOS-read limit,
#   SYSLINUX, GRUB and ghostboot loading one module of BENCH_PAYLOAD bytes,
#   BENCH_ROUNDS interleaved rounds on each of BENCH_SETUPS (machine:disk),
#   then the least memory each of those boots needs (tests/bench/memory.sh)
#   and a pin's cost with and without emulated SHA extensions (pins.sh);
#   then a 4 KiB payload for start-up.
BENCH_PAYLOAD := 33554432
BENCH_ROUNDS := 5
BENCH_SETUPS := q35:ahci q35:virtio pc:ide
# - Linux: Debian's kernel and an initramfs booted by each loader (tests/bench/linux.sh).
BENCH_LINUX_RUNS := 3
# - under OVMF, ghostboot's UEFI loader beside GRUB's EFI build, the same
#   kernel and a 4 KiB, then a BENCH_PAYLOAD module (tests/bench/uefi.sh).
# - a module restart in the sample kernel, TSC cycles, BENCH_RESTART_RUNS
#   boots of 101 restarts each (tests/bench/restart.sh).
BENCH_RESTART_RUNS := 3
BENCH_DIR := $(BUILD)/bench
# - isolation: a kernel export call from a module in ring 0 and from an
#   isolated one, in one boot (tests/bench/isolation.sh, callbench.c).
BENCH_CALL_MODULES := $(BENCH_DIR)/calls_direct.gbm $(BENCH_DIR)/calls_isolated.gbm
$(BENCH_CALL_MODULES): $(BENCH_DIR)/%.gbm: tests/bench/callbench.c
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -DBENCH_NAME='"$*"' -c $< -o $@.o
	$(OBJCOPY) --strip-debug $@.o $@

$(BENCH_DIR)/ghost_bench: tests/bench/ghost_bench.c $(GHOST_HOST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c %.o,$^)

# - SHA-256 on the host, the portable block function against the SHA
#   extensions: BENCH_SHA256_MIB MiB, BENCH_RUNS runs each
#   (tests/bench/sha256_bench.c).
BENCH_SHA256_MIB := 256
$(BENCH_DIR)/sha256_bench: tests/bench/sha256_bench.c $(CONFIG_HOST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c %.o,$^)

bench: deps $(BENCH_DIR)/ghost_bench $(BENCH_DIR)/sha256_bench $(KERNEL_OBJS) $(BUILD)/ghostboot $(BUILD)/kernel/kernel.elf $(LINUX_INIT) \
	$(SAMPLE_MODULES) $(BENCH_CALL_MODULES)
	@CC=$(CC) tests/bench/generate.sh $(BENCH_DIR)/set $(BENCH_MODULES) $(BENCH_IMPORTS) \
		$(BENCH_EXPORTS)
	@$(BENCH_DIR)/ghost_bench $(BENCH_DIR)/set $(BENCH_EXPORTS) $(BENCH_RUNS) $(LD)
	@$(BENCH_DIR)/sha256_bench $(BENCH_SHA256_MIB) $(BENCH_RUNS)
	@$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T kernel/kernel.ld -o $(BENCH_DIR)/kernel.elf $(KERNEL_OBJS) \
		$(BENCH_DIR)/set/kernel_exports.o
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/stage2.sh $(BENCH_DIR) $(BENCH_QEMU_MODULES) \
		$(BENCH_QEMU_RUNS)
	@GHOSTBOOT=$(BUILD)/ghostboot CC=$(CC) KERNEL_CFLAGS="$(KERNEL_CFLAGS)" \
		tests/bench/compare.sh $(BENCH_DIR)/compare $(BENCH_ROUNDS) \
		$(BENCH_PAYLOAD) "$(BENCH_SETUPS)"
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/memory.sh $(BENCH_DIR)/compare q35:ahci 8 512
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/pins.sh $(BENCH_DIR)/compare $(BENCH_ROUNDS) pc:ide
	@GHOSTBOOT=$(BUILD)/ghostboot CC=$(CC) KERNEL_CFLAGS="$(KERNEL_CFLAGS)" \
		tests/bench/compare.sh $(BENCH_DIR)/startup $(BENCH_ROUNDS) \
		4096 "pc:ide"
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/linux.sh $(LINUX_INIT) $(BENCH_LINUX_RUNS)
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/uefi.sh $(BENCH_DIR)/uefi $(BENCH_ROUNDS) 4096
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/uefi.sh $(BENCH_DIR)/uefi-payload $(BENCH_ROUNDS) \
		$(BENCH_PAYLOAD)
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/restart.sh $(BUILD)/kernel/kernel.elf \
		$(BUILD)/modules $(BENCH_RESTART_RUNS)
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/isolation.sh $(BUILD)/kernel/kernel.elf \
		$(BENCH_CALL_MODULES)
