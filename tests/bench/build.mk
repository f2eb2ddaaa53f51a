# `make bench`: not a test, a report. A synthetic set (tests/bench/
# generate.sh) of BENCH_MODULES modules, each importing BENCH_IMPORTS of
# BENCH_EXPORTS kernel exports:
# - on the host, linked by ghost and by GNU ld in the same run, medians of
#   BENCH_RUNS runs each (tests/bench/ghost_bench.c says what is timed);
# - under QEMU, the first BENCH_QEMU_MODULES of them linked by stage 2 into
#   the sample kernel linked with the set's exports (as kernel/build.mk
#   links it), BENCH_QEMU_RUNS boots (tests/bench/stage2.sh).
BENCH_MODULES := 200
BENCH_IMPORTS := 500
BENCH_EXPORTS := 10000
BENCH_RUNS := 11
BENCH_QEMU_MODULES := 50
BENCH_QEMU_RUNS := 3
BENCH_DIR := $(BUILD)/bench

$(BENCH_DIR)/ghost_bench: tests/bench/ghost_bench.c $(GHOST_HOST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c %.o,$^)

bench: $(BENCH_DIR)/ghost_bench $(KERNEL_OBJS) $(BUILD)/ghostboot
	@CC=$(CC) tests/bench/generate.sh $(BENCH_DIR)/set $(BENCH_MODULES) $(BENCH_IMPORTS) \
		$(BENCH_EXPORTS)
	@$(BENCH_DIR)/ghost_bench $(BENCH_DIR)/set $(BENCH_EXPORTS) $(BENCH_RUNS) $(LD)
	@$(LD) -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--build-id=none -T kernel/kernel.ld -o $(BENCH_DIR)/kernel.elf $(KERNEL_OBJS) \
		$(BENCH_DIR)/set/kernel_exports.o
	@GHOSTBOOT=$(BUILD)/ghostboot tests/bench/stage2.sh $(BENCH_DIR) $(BENCH_QEMU_MODULES) \
		$(BENCH_QEMU_RUNS)
