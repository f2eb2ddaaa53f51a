# `ghostboot test` against guests that end in every way it must tell apart,
# one for each convention a kernel may follow (tests/boot/guests/guest.asm,
# built by tests/build.mk): each verdict, its exit status and its reason.
. tests/lib.sh

guest() { echo "$BUILD/tests/guests/guest$1.img"; }

# verdict NAME BEHAVIOUR STATUS TEXT [test options...]: exit status and reason.
verdict() {
	name=$1 behaviour=$2 want_status=$3 want_text=$4
	shift 4
	out=$($GHOSTBOOT test "$(guest "$behaviour")" "$@" 2>&1)
	status=$?
	if [ "$status" -ne "$want_status" ]; then
		not_ok "$name: exit status $status, expected $want_status ($out)"
	elif ! echo "$out" | grep -qF -- "$want_text"; then
		not_ok "$name: expected '$want_text' in: $out"
	else
		ok "$name"
	fi
}

# The sample kernel's convention: its line and an exit code.
verdict "a guest that reports success passes" 1 0 "the guest wrote 0x10 to port 0xf4"
verdict "  ... and with --pass on its line" 1 0 '"SELFTEST PASS" appeared' --pass "SELFTEST PASS"
verdict "--expect text that never appears fails" 1 1 'expected text not seen: "no such line"' \
	--expect "no such line"
verdict "a guest that reports failure fails, with its last line" 2 1 \
	'guest reported failure: it wrote 0x11 to port 0xf4, not 0x10 (last serial line: "SELFTEST FAIL: on purpose")'
verdict "  ... and the end of the serial console under the reason" 2 1 "  | SELFTEST FAIL: on purpose"
verdict "a reset fails" 3 1 "guest reset or powered off without a verdict"
verdict "a hang fails on the timeout" 4 1 "timeout after 3 s" --timeout 3
verdict "a triple fault fails" 5 1 "triple fault"

# Exit code only.
verdict "the exit code alone passes" 6 0 "the guest wrote 0x10 to port 0xf4"
verdict "a wrong exit code fails" 10 1 "it wrote 0x22 to port 0xf4, not 0x10"
verdict "--success-code picks the passing code" 10 0 "the guest wrote 0x22" --success-code 0x22
verdict "--success-code: the usual code then fails" 6 1 "not 0x22" --success-code 34
verdict "--exit-port moves the port" 11 0 "wrote 0x10 to port 0x501" --exit-port 0x501
verdict "  ... and without it that write is no verdict" 11 1 "timeout after 3 s" --timeout 3

# Text only: the harness stops the guest once the text is there, long before
# the timeout.
verdict "--pass passes a guest that prints its line and halts" 7 0 \
	'"all tests passed" appeared on the serial console' --pass "all tests passed" --timeout 60
verdict "  ... which times out without --pass, though --expect saw it" 7 1 \
	'timeout after 3 s (last serial line: "my kernel: all tests passed")' \
	--expect "all tests passed" --timeout 3
verdict "--pass with a missing --expect fails" 7 1 'expected text not seen: "nowhere"' \
	--pass "all tests passed" --expect nowhere
verdict "--pass passes a guest that prints its line and powers off" 8 0 \
	'"all tests passed" appeared' --pass "all tests passed"
verdict "a power-off without a verdict fails" 8 1 \
	'guest reset or powered off without a verdict (last serial line: "my kernel: all tests passed")'
verdict "--fail fails at once, quoting the line" 9 1 \
	'failure text "panic" seen: "my kernel: panic: on purpose"' --fail oops --fail panic --timeout 60
verdict "--fail before --pass in the output wins" 9 1 'failure text "panic"' \
	--pass "on purpose" --fail panic

# What CI sees: --quiet, --tail, and exit status 2 for the harness's own
# failures.
out=$($GHOSTBOOT test "$(guest 1)" --quiet 2>&1)
check "--quiet says nothing about a pass" test $? -eq 0 -a -z "$out"
out=$($GHOSTBOOT test "$(guest 9)" --fail panic --tail 1 2>&1)
check "--tail 1 shows one line of the serial console" \
	test "$(echo "$out" | grep -c '^  | ')" -eq 1 -a "$(echo "$out" | tail -n 1)" = "  | my kernel: panic: on purpose"
verdict "a missing QEMU is a harness error" 1 2 "not found" --qemu /nonexistent/qemu
out=$(GHOSTBOOT_QEMU=/nonexistent/qemu3 $GHOSTBOOT test "$(guest 1)" 2>&1)
check "\$GHOSTBOOT_QEMU names the QEMU to run" test $? -eq 2 -a -n "$(echo "$out" | grep -F qemu3)"
verdict "QEMU refusing its arguments is a harness error" 1 2 "QEMU failed (exit status 1)" \
	-- -no-such-option
out=$($GHOSTBOOT test "$scratch/none.img" 2>&1)
check "an unreadable image is a harness error (exit status 2)" test $? -eq 2
finish
