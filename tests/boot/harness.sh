# `ghostboot test` and `run` as a CI harness: a matrix of machines and disks
# in one command, the JUnit report read back by a real consumer, a kernel
# command line per run, QEMU's own arguments, and `run` ending on a verdict.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
# Debian's python3, for which python3-junitparser is packaged
# (scripts/install-deps.sh).
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

img=$scratch/sample.img
$GHOSTBOOT mkimage -o "$img" --size 64M --fs fat32 --kernel "$KERNEL" $module_args \
	--cmdline "selftest expect-modules=$MODULE_COUNT" >/dev/null ||
	not_ok "mkimage failed"
cp "$img" "$scratch/pristine.img"

# junit FILE PYTHON-CHECKS: the report parsed by junitparser; the checks
# see `suite` (the one testsuite) and `cases` (name -> testcase).
junit() {
	"$PYTHON" - "$1" <<PY
import sys
from junitparser import JUnitXml, Failure, Error
xml = JUnitXml.fromfile(sys.argv[1])
suites = list(xml)
assert len(suites) == 1, len(suites)
suite = suites[0]
cases = {case.name: case for case in suite}
def failures(case):
    return [r for r in case.result if isinstance(r, (Failure, Error))]
$2
PY
}

# --- a matrix --------------------------------------------------------------
out=$($GHOSTBOOT test "$img" --machine pc,q35 --disk ide,ahci,virtio -j 2 --timeout 120 \
	--junit "$scratch/matrix.xml" 2>&1)
status=$?
check "a 2x3 matrix passes" test "$status" -eq 0
check "  ... one line for each of the six boots" \
	test "$(echo "$out" | grep -c '^ghostboot: test passed: \(pc\|q35\)/\(ide\|ahci\|virtio\): ')" -eq 6
check "  ... and a summary" test -n "$(echo "$out" | grep -F 'ghostboot: 6 of 6 boots passed')"
if junit "$scratch/matrix.xml" '
assert suite.tests == 6 and suite.failures == 0 and suite.errors == 0, (suite.tests, suite.failures)
assert sorted(cases) == sorted(m + "/" + d for m in ("pc", "q35") for d in ("ide", "ahci", "virtio")), sorted(cases)
for case in cases.values():
    assert case.is_passed and case.time > 0, case.name
    assert "SELFTEST PASS" in case.system_out, case.name
' >"$scratch/junit.out" 2>&1; then
	ok "  ... six passed testcases in the JUnit report, each with its serial output"
else
	not_ok "  ... JUnit report: $(tail -n 1 "$scratch/junit.out")"
fi

# A disk image is no floppy: the boot from drive A: alone fails, stage 1
# saying so on COM1.
out=$($GHOSTBOOT test "$img" --disk ide,virtio,floppy --timeout 10 --junit "$scratch/floppy.xml" \
	--log "$scratch/matrix.log" 2>&1)
status=$?
check "a matrix with one failing disk fails" test "$status" -eq 1
check "  ... naming that combination" \
	test -n "$(echo "$out" | grep -F 'ghostboot: test failed: pc/floppy: stage 1 stopped: ghostboot: disk read error')"
check "  ... the others pass" test "$(echo "$out" | grep -c '^ghostboot: test passed: pc/')" -eq 2
check "  ... and the summary names it" \
	test -n "$(echo "$out" | grep -F '2 of 3 boots passed; not passed: pc/floppy')"
check "  ... --log keeps one serial log a boot" grep -q "SELFTEST PASS" "$scratch/matrix.log.pc-virtio"
if junit "$scratch/floppy.xml" '
assert suite.tests == 3 and suite.failures == 1 and suite.errors == 0, (suite.tests, suite.failures)
assert failures(cases["pc/floppy"])[0].message.startswith("stage 1 stopped: ghostboot: disk read error"), failures(cases["pc/floppy"])[0].message
assert cases["pc/ide"].is_passed and cases["pc/virtio"].is_passed
' >"$scratch/junit.out" 2>&1; then
	ok "  ... the JUnit report has the failure on pc/floppy, with its message"
else
	not_ok "  ... JUnit report: $(tail -n 1 "$scratch/junit.out")"
fi

# Markup in a failure message and serial output in the report stays text.
$GHOSTBOOT test "$BUILD/tests/guests/guest2.img" --expect 'a<b&"c' --junit "$scratch/escape.xml" \
	>/dev/null 2>&1
if junit "$scratch/escape.xml" '
case = cases["pc/ide"]
assert suite.tests == 1 and suite.failures == 1
message = failures(case)[0].message
assert message.startswith("guest reported failure: it wrote 0x11"), message
assert "SELFTEST FAIL: on purpose" in case.system_out, case.system_out
' >"$scratch/junit.out" 2>&1; then
	ok "a failing guest's JUnit testcase has its reason and serial output"
else
	not_ok "a failing guest's JUnit testcase: $(tail -n 1 "$scratch/junit.out")"
fi
$GHOSTBOOT test "$BUILD/tests/guests/guest1.img" --expect 'a<b&"c' --junit "$scratch/escape.xml" \
	>/dev/null 2>&1
if junit "$scratch/escape.xml" '
message = failures(cases["pc/ide"])[0].message
assert message == "expected text not seen: \"a<b&\"c\"", message
' >"$scratch/junit.out" 2>&1; then
	ok "markup in a failure message reads back as written"
else
	not_ok "markup in a failure message: $(tail -n 1 "$scratch/junit.out")"
fi

# --- --cmdline ---------------------------------------------------------------
boots "--cmdline reaches the kernel" "$img" --cmdline "selftest expect-modules=3 marker=\"a b\"" \
	--expect 'command line: selftest expect-modules=3 marker="a b"'
out=$($GHOSTBOOT test "$img" --cmdline "selftest expect-modules=99" --timeout 120 2>&1)
check "  ... a command line the self test rejects fails" test $? -eq 1 -a \
	-n "$(echo "$out" | grep -F 'SELFTEST FAIL')"
check "  ... and the image is unchanged" cmp -s "$img" "$scratch/pristine.img"
$GHOSTBOOT mkimage -o "$scratch/ext.img" --size 32M --table gpt --fs ext4 --kernel "$KERNEL" \
	--cmdline "selftest" >/dev/null && cp "$scratch/ext.img" "$scratch/ext-pristine.img" &&
	boots "--cmdline on an ext4 volume" "$scratch/ext.img" --cmdline "selftest on-ext4" \
		--expect "command line: selftest on-ext4" &&
	check "  ... leaves that image unchanged too" cmp -s "$scratch/ext.img" "$scratch/ext-pristine.img"

# --- QEMU's arguments --------------------------------------------------------
# 512 MiB of memory end with the BIOS's reserved 128 KiB below 0x20000000.
boots "--memory sets the guest's memory" "$img" --memory 512M --smp 2 \
	--expect "base 000000001ffe0000 length 0000000000020000 reserved"
boots "arguments after -- go to QEMU, last" "$img" --memory 512M \
	--expect "base 0000000017fe0000 length 0000000000020000 reserved" -- -m 384M

# --- run -----------------------------------------------------------------------
cat >"$scratch/nokernel.cfg" <<CFG
entry broken
    kernel /boot/kernel.elf
CFG
$GHOSTBOOT mkimage -o "$scratch/nokernel.img" --size 64M --fs fat32 \
	--config "$scratch/nokernel.cfg" --no-check >/dev/null 2>&1
# The time between stage 2's halt on the console and the end of run (and
# of QEMU, which holds the same pipe).
{ $GHOSTBOOT run "$scratch/nokernel.img" </dev/null 2>&1; echo "status $?"; } |
	while IFS= read -r line; do
		case $line in *"ghostboot: halted"*) date +%s%N >"$scratch/halted" ;; esac
		echo "$line"
	done >"$scratch/run.out"
date +%s%N >"$scratch/ended"
check "run ends with status 1 when stage 2 halts" grep -q "^status 1" "$scratch/run.out"
check "  ... with stage 2's message" grep -qF \
	"ghostboot: error: stage 2 stopped: ghostboot: error: kernel /boot/kernel.elf: file not found" \
	"$scratch/run.out"
if [ -s "$scratch/halted" ]; then
	ms=$(( ($(cat "$scratch/ended") - $(cat "$scratch/halted")) / 1000000 ))
	check "  ... within a second of the halt ($ms ms)" test "$ms" -lt 1000
else
	not_ok "  ... run printed no halt line"
fi
$GHOSTBOOT run "$BUILD/tests/guests/guest7.img" --pass "all tests passed" </dev/null >/dev/null 2>&1
check "run returns 0 when the --pass text appears" test $? -eq 0
$GHOSTBOOT run "$BUILD/tests/guests/guest2.img" </dev/null >/dev/null 2>&1
check "run returns 1 when the guest reports failure" test $? -eq 1

# --gdb: QEMU waits; the printed command attaches with the kernel's symbols.
if command -v gdb >/dev/null 2>&1; then
	$GHOSTBOOT run "$img" --gdb=47123 </dev/null >/dev/null 2>"$scratch/gdb.err" &
	run_pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q '^  gdb ' "$scratch/gdb.err" && break; sleep 0.5; done
	attach=$(sed -n "s/^  gdb //p" "$scratch/gdb.err")
	eval "set -- $attach"
	timeout 60 gdb -batch -nx "$@" -ex continue -ex 'info symbol $pc' -ex kill \
		>"$scratch/gdb.out" 2>&1
	wait "$run_pid"
	check "run --gdb prints a gdb command that stops in the kernel's kernel_main" \
		grep -q "^kernel_main in section .text" "$scratch/gdb.out"
fi
finish
