# QEMU boot tests of module restarts (docs/kernel.md "Restart after a
# fault"): with `restart N` stage 2 keeps each module's initialised data and
# the sample kernel restarts a module that faults, with the modules that
# import from it, up to N times, then disables it; without it (or with
# `restart 0`) a fault disables the module as before. The test modules:
# flaky faults on its first call and checks in its init that its .data and
# .bss are as linked; flaky_user's init makes that first call; fault faults
# in every init.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
TEST_MODULES=$BUILD/tests/modules
SAMPLES="console checksum hello"

# image NAME RESTART_LINE CMDLINE MODULE_FILE...: $scratch/NAME.img, one
# entry booting the kernel (KERNEL_FILE, else the sample kernel) with the
# modules and the sample modules, RESTART_LINE ("" for none) in its entry.
image() {
	name=$1 restart=$2 cmdline=$3
	shift 3
	kernel=${KERNEL_FILE:-$KERNEL}
	{
		printf 'entry restarts\n    kernel /boot/kernel.elf\n    cmdline %s\n' "$cmdline"
		[ -n "$restart" ] && printf '    %s\n' "$restart"
		for m in "$@"; do printf '    module /boot/modules/%s\n' "$(basename "$m")"; done
	} >"$scratch/$name.cfg"
	args="--add $kernel=/boot/kernel.elf"
	for m in "$@"; do args="$args --add $m=/boot/modules/$(basename "$m")"; done
	# shellcheck disable=SC2086
	$GHOSTBOOT mkimage -o "$scratch/$name.img" --size 64M --fs fat32 ${FIRMWARE_ARGS:-} \
		--config "$scratch/$name.cfg" $args >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $name: $(cat "$scratch/mkimage.log")"; return 1; }
}

samples=""
for m in $SAMPLES; do samples="$samples $BUILD/modules/$m.gbm"; done
FLAKY="$TEST_MODULES/flaky_user.gbm $TEST_MODULES/flaky.gbm"

# serial: the last boot's serial lines, without the console's carriage returns.
serial() { tr -d '\r' <"$scratch/serial.log"; }

# lines TEXT: how many serial lines of the last boot are exactly TEXT.
lines() { serial | grep -cxF -- "$1"; }

# before FIRST SECOND: serial line FIRST comes before line SECOND.
before() {
	first=$(serial | grep -nxF -- "$1" | head -n 1 | cut -d: -f1)
	second=$(serial | grep -nxF -- "$2" | head -n 1 | cut -d: -f1)
	[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ]
}

# sequence PATTERN RANGE: the serial lines matching the extended regular
# expression PATTERN as a whole, those of sed's RANGE, each ending in a comma.
sequence() { serial | grep -xE "$1" | sed -n "$2p" | tr '\n' ,; }

# exited_once: flaky's exit ran once, after its restart was named and before
# its importer was reset with it.
exited_once() {
	[ "$(lines 'flaky: exit')" -eq 1 ] && before 'module flaky: restart 1 of 2' 'flaky: exit' &&
		before 'flaky: exit' 'module flaky_user: restarted with flaky'
}

# --- a module that faults once works after its restart ---------------------
# shellcheck disable=SC2086
image flaky "restart 2" "selftest expect-modules=5 expect-restart=flaky,1" $FLAKY $samples &&
	boots "a module faulting on its first call is restarted once and passes selftest" \
		"$scratch/flaky.img" --expect "module flaky faulted at flaky+0x" \
		--expect "module flaky: restart 1 of 2" \
		--expect "module flaky_user: restarted with flaky" \
		--expect "flaky_user: flaky_value() returned 0xf1a4e5" \
		--expect "module flaky_user: initialised" \
		--expect "selftest: module flaky was restarted 1 times, as expected" &&
	{
		check "  ... stage 2 kept a copy of the modules' data" \
			grep -q '^ghostboot: kept [0-9]* bytes of module data for up to 2 restarts' \
			"$scratch/serial.log"
		# Each init starts from .data as linked (7) and .bss zeroed (0), or fails.
		check "  ... its init ran twice, each time on its data as linked" \
			[ "$(lines 'flaky: init, generation 7, 0 inits before')" -eq 2 ]
		check "  ... its exit ran once, between the fault and the reset" exited_once
		check "  ... the module whose init the fault cut short was not exited" \
			[ "$(lines 'flaky_user: exit')" -eq 0 ]
	}

# The same image, told to expect no restart: an unplanned restart fails.
sed 's/ expect-restart=flaky,1//' "$scratch/flaky.cfg" >"$scratch/unplanned.cfg"
cp "$scratch/flaky.img" "$scratch/unplanned.img"
mcopy -o -i "$scratch/unplanned.img@@1M" "$scratch/unplanned.cfg" ::/boot/ghostboot.cfg &&
	fails_with "a restart that expect-restart= does not name fails selftest" \
		"$scratch/unplanned.img" \
		"SELFTEST FAIL: module flaky was restarted 1 times without expect-restart="

# --- the same modules isolated: a module stopped in ring 3 is restarted ------
# flaky faults in ring 3 during flaky_user's gate call; the call fails, and
# once flaky_user's init returns both are restarted as in ring 0.
sed 's/^    restart 2$/    restart 2\n    isolation all/' "$scratch/flaky.cfg" >"$scratch/isolated.cfg"
cp "$scratch/flaky.img" "$scratch/isolated.img"
mcopy -o -i "$scratch/isolated.img@@1M" "$scratch/isolated.cfg" ::/boot/ghostboot.cfg &&
	boots "an isolated module stopped by its fault is restarted with its importer" \
		"$scratch/isolated.img" --expect "  flaky        isolated: user 0x" \
		--expect "module flaky: stopped" --expect "module flaky: restart 1 of 2" \
		--expect "module flaky_user: restarted with flaky" \
		--expect "flaky_user: flaky_value() returned 0xf1a4e5" \
		--expect "selftest: module flaky was restarted 1 times, as expected" &&
	{
		check "  ... its init ran twice, each time on its data as linked" \
			[ "$(lines 'flaky: init, generation 7, 0 inits before')" -eq 2 ]
		check "  ... its exit ran in ring 3 once, between the fault and the reset" exited_once
	}

# --- ready importers are restarted with their provider, in order ---------
# bench-restart=flaky restarts flaky while flaky_user, its importer, is ready.
# shellcheck disable=SC2086
image ordered "restart 2" \
	"selftest expect-modules=5 expect-restart=flaky,1 bench-restart=flaky" $FLAKY $samples &&
	boots "a ready importer is restarted with its provider and selftest passes" \
		"$scratch/ordered.img" --expect "bench: restart of module flaky: median " &&
	{
		# The first exit line is the fault's restart, which exits flaky only.
		check "  ... the importer's exit runs before its provider's" \
			[ "$(sequence 'flaky(_user)?: exit' 2,3)" = "flaky_user: exit,flaky: exit," ]
		check "  ... the provider's init runs before its importer's" \
			[ "$(sequence 'module flaky(_user)?: initialised' 4,5)" = \
				"module flaky: initialised,module flaky_user: initialised," ]
		check "  ... every forced restart restarted the importer too" \
			[ "$(lines 'module flaky_user: restarted with flaky')" -eq 102 ]
	}

# --- a module that keeps faulting: N restarts, then disabled ----------------
# shellcheck disable=SC2086
image keeps "restart 2" "selftest expect-modules=4 expect-fault=fault expect-restart=fault,2" \
	"$TEST_MODULES/fault.gbm" $samples &&
	boots "a module that keeps faulting is restarted twice, then disabled" \
		"$scratch/keeps.img" --expect "module fault: restart 1 of 2" \
		--expect "module fault: restart 2 of 2" \
		--expect "module fault: disabled after 2 restarts" &&
	check "  ... its init ran three times" \
		[ "$(grep -c '^fault: writing to my own text' "$scratch/serial.log")" -eq 3 ]

# --- restart 0, or no restart line: disabled at the first fault -------------
for line in "" "restart 0"; do
	# shellcheck disable=SC2086
	image zero "$line" "selftest expect-modules=4 expect-fault=fault" \
		"$TEST_MODULES/fault.gbm" $samples &&
		boots "${line:-no restart line}: a faulting module is disabled at once" \
			"$scratch/zero.img" --expect "module fault: disabled" &&
		check "  ... ${line:-no restart line}: no restart, no copy of module data" \
			[ "$(serial | grep -c ': restart [0-9]* of\|^restarts:\|^ghostboot: kept')" -eq 0 ]
done
# shellcheck disable=SC2086
image unrestarted "" "selftest expect-modules=5" $FLAKY $samples &&
	fails_with "without restarts the importer whose init the fault cut short is disabled" \
		"$scratch/unrestarted.img" \
		"module flaky_user: disabled: its init was cut short by the fault in flaky"

# --- modules linked into the kernel at build time ---------------------------
linked=$scratch/linked.elf
# shellcheck disable=SC2086
if ! $GHOSTBOOT link --kernel "$KERNEL" --module "$TEST_MODULES/flaky.gbm" \
	--module "$TEST_MODULES/flaky_user.gbm" -o "$linked" >"$scratch/link.log" 2>&1; then
	not_ok "ghostboot link of flaky and flaky_user: $(cat "$scratch/link.log")"
else
	KERNEL_FILE=$linked
	# shellcheck disable=SC2086
	image prelinked "restart 1" "selftest expect-modules=5 expect-restart=flaky,1" $samples &&
		boots "a module linked into the kernel at build time is restarted from the kernel's bytes" \
			"$scratch/prelinked.img" \
			--expect "2 modules linked into the kernel at build time" \
			--expect "module flaky: restart 1 of 1" \
			--expect "module flaky_user: initialised" &&
		check "  ... its init ran twice, each time on its data as linked" \
			[ "$(lines 'flaky: init, generation 7, 0 inits before')" -eq 2 ]
	KERNEL_FILE=
fi

# --- the UEFI loader keeps the same copies ----------------------------------
FIRMWARE_ARGS="--table gpt --firmware uefi"
# shellcheck disable=SC2086
image uefi "restart 2" "selftest expect-modules=5 expect-restart=flaky,1" $FLAKY $samples &&
	boots "under UEFI, a module faulting on its first call is restarted once" \
		"$scratch/uefi.img" --firmware uefi --expect "ghostboot UEFI" \
		--expect "module flaky: restart 1 of 2" --expect "module flaky_user: initialised"

finish
