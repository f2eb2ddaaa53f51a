# An entry that fails returns stage 2 to its menu (docs/stage2.md,
# "Errors"): the failing entry marked, no countdown, another entry chosen
# over COM1 boots with all of stage 2's memory, r restarts the machine.
# The UEFI loader shares the menu and the return (docs/uefi.md): the same
# under OVMF, keys through its serial terminal, r through ResetSystem, and
# back to the firmware when every entry failed.
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
img_bios=$scratch/two.img
img_uefi=$scratch/two-uefi.img
# shellcheck disable=SC2086
quietly $GHOSTBOOT mkimage -o "$img_bios" --size 32M --fs fat16 --config "$scratch/two.cfg" $adds \
	--no-check || not_ok "mkimage for the recovery tests"
# shellcheck disable=SC2086
quietly $GHOSTBOOT mkimage -o "$img_uefi" --table gpt --firmware uefi --size 48M --fs fat16 \
	--config "$scratch/two.cfg" $adds --no-check || not_ok "mkimage for the UEFI recovery tests"

# keys_to_menu LOG KEYS UNTIL: once the menu asks, KEYS go to COM1
# through `ghostboot run`'s standard input, held open until UNTIL appears
# in LOG (at most a minute; a few seconds when UNTIL is empty).
keys_to_menu() {
	log=$1 keys=$2 until=$3
	for _ in $(seq 1 300); do
		grep -q 'An entry failed' "$log" 2>/dev/null && break
		sleep 0.2
	done
	printf '%s' "$keys"
	for _ in $(seq 1 $([ -n "$until" ] && echo 300 || echo 15)); do
		[ -n "$until" ] && grep -q "$until" "$log" 2>/dev/null && break
		sleep 0.2
	done
}

for firmware in bios uefi; do
	img=$scratch/two.img
	[ $firmware = uefi ] && img=$scratch/two-uefi.img
	# `test`: the failing default entry ends the boot, with its error.
	out=$($GHOSTBOOT test "$img" --firmware $firmware --timeout 120 --log "$scratch/test.log" 2>&1)
	check "$firmware: test stops at a failing entry, naming its error" \
		test -n "$(echo "$out" | grep -F 'ghostboot: error: module /boot/modules/missing.gbm')"
	check "  ... the loader says the entry failed" grep -q '^ghostboot: entry broken failed' "$scratch/test.log"
	check "  ... and shows the menu with it marked" \
		grep -qF '1. A kernel whose module is missing (failed)' "$scratch/test.log"
	check "  ... with the second entry selected and no countdown" \
		grep -qF '  > 2. The sample kernel and its modules' "$scratch/test.log"
	check "  ... the failing entry is not booted again" \
		test "$(grep -c '^ghostboot: booting broken' "$scratch/test.log")" -eq 1

	keys_to_menu "$scratch/run.log" 2 "SELFTEST PASS" |
		timeout 120 $GHOSTBOOT run "$img" --firmware $firmware --pass "SELFTEST PASS" >"$scratch/run.log" 2>&1
	check "$firmware: another entry chosen after a failure boots, modules and all" \
		grep -q "SELFTEST PASS" "$scratch/run.log"

	# QEMU ends at the reset (ghostboot runs it with -no-reboot): run returns
	# 0 long before its timeout.
	keys_to_menu "$scratch/restart.log" r "" |
		timeout 120 $GHOSTBOOT run "$img" --firmware $firmware >"$scratch/restart.log" 2>&1
	status=$?
	check "$firmware: r on the menu restarts the machine (run: $status)" [ "$status" -eq 0 ]
done

# Under UEFI: a countdown that runs out boots the default entry; an entry
# that fails when no other is left returns to the firmware's boot manager.
cat >"$scratch/countdown.cfg" <<CFG
timeout 1
entry second "Not the default"
    kernel /boot/missing.elf
entry first "The sample kernel"
    kernel /boot/kernel.elf
    cmdline selftest
default first
CFG
quietly $GHOSTBOOT mkimage -o "$scratch/countdown.img" --table gpt --firmware uefi --size 48M \
	--fs fat16 --config "$scratch/countdown.cfg" --add "$BUILD/kernel/kernel.elf=/boot/kernel.elf" \
	--no-check || not_ok "mkimage for the UEFI countdown"
out=$($GHOSTBOOT test "$scratch/countdown.img" --firmware uefi --timeout 120 \
	--log "$scratch/countdown.log" 2>&1)
check "uefi: the menu counts down and boots the default entry ($out)" \
	grep -q 'SELFTEST PASS' "$scratch/countdown.log"
check "  ... after showing the entries and the countdown" \
	grep -qF 'Booting "The sample kernel" in 1 s' "$scratch/countdown.log"

printf 'timeout 0\nentry only\n    kernel /boot/missing.elf\n' >"$scratch/only.cfg"
quietly $GHOSTBOOT mkimage -o "$scratch/only.img" --table gpt --firmware uefi --size 48M \
	--fs fat16 --config "$scratch/only.cfg" --no-check || not_ok "mkimage for the UEFI give-up"
$GHOSTBOOT test "$scratch/only.img" --firmware uefi --timeout 120 \
	--log "$scratch/only.log" >/dev/null 2>&1
check "uefi: every entry failed: back to the firmware's boot manager" \
	grep -q "back to the firmware's boot manager" "$scratch/only.log"
finish
