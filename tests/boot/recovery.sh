# An entry that fails returns stage 2 to its menu (docs/stage2.md,
# "Errors"): the failing entry marked, no countdown, another entry chosen
# over COM1 boots with all of stage 2's memory, r restarts the machine.
. tests/lib.sh

cat >"$scratch/two.cfg" <<CFG
timeout 0
serial 115200
entry broken "A kernel whose module is missing"
    kernel /boot/kernel.elf
    cmdline selftest
    module /boot/modules/console.gbm
    module /boot/modules/missing.gbm
entry good "The sample kernel and its modules"
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=$MODULE_COUNT
$(for m in $MODULES; do echo "    module /boot/modules/$(basename "$m")"; done)
CFG
adds="--add $BUILD/kernel/kernel.elf=/boot/kernel.elf"
for m in $MODULES; do adds="$adds --add $m=/boot/modules/$(basename "$m")"; done
img=$scratch/two.img
# shellcheck disable=SC2086
quietly $GHOSTBOOT mkimage -o "$img" --size 32M --fs fat16 --config "$scratch/two.cfg" $adds \
	--no-check || not_ok "mkimage for the recovery tests"

# `test`: the failing default entry ends the boot, with its error.
out=$($GHOSTBOOT test "$img" --timeout 30 --log "$scratch/test.log" 2>&1)
check "test stops at a failing entry, naming its error" \
	test -n "$(echo "$out" | grep -F 'test failed: stage 2 stopped: ghostboot: error: module /boot/modules/missing.gbm')"
check "  ... stage 2 says the entry failed" grep -q '^ghostboot: entry broken failed' "$scratch/test.log"
check "  ... and shows the menu with it marked" \
	grep -qF '1. A kernel whose module is missing (failed)' "$scratch/test.log"
check "  ... with the second entry selected and no countdown" \
	grep -qF '  > 2. The sample kernel and its modules' "$scratch/test.log"
check "  ... the failing entry is not booted again" \
	test "$(grep -c '^ghostboot: booting broken' "$scratch/test.log")" -eq 1

# keys_to_menu LOG KEYS UNTIL: once stage 2's menu asks, KEYS go to COM1
# through `ghostboot run`'s standard input, held open until UNTIL appears
# in LOG (or for a few seconds, when UNTIL is empty).
keys_to_menu() {
	log=$1 keys=$2 until=$3
	for _ in $(seq 1 150); do
		grep -q 'An entry failed' "$log" 2>/dev/null && break
		sleep 0.2
	done
	printf '%s' "$keys"
	for _ in $(seq 1 15); do
		[ -n "$until" ] && grep -q "$until" "$log" 2>/dev/null && break
		sleep 0.2
	done
}

keys_to_menu "$scratch/run.log" 2 "SELFTEST PASS" |
	timeout 60 $GHOSTBOOT run "$img" --pass "SELFTEST PASS" >"$scratch/run.log" 2>&1
check "another entry chosen after a failure boots, modules and all" \
	grep -q "SELFTEST PASS" "$scratch/run.log"

# QEMU ends at the reset (ghostboot runs it with -no-reboot): run returns
# 0 long before its timeout.
keys_to_menu "$scratch/restart.log" r "" |
	timeout 60 $GHOSTBOOT run "$img" >"$scratch/restart.log" 2>&1
status=$?
check "r on the menu restarts the machine (run: $status)" [ "$status" -eq 0 ]
finish
