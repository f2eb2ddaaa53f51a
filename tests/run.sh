#!/bin/sh
# Runs every test program and script, and tallies their results.
# Each prints one line per check: "ok - NAME" or "not ok - NAME: why".
# A program that exits non-zero without saying why counts as one failure.
set -u
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

run_one() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	status=$?
	cat "$log"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name: exited with status $status"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$BUILD"/tests/bin/test_*; do
	[ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
# Each folder's lib.sh holds helpers its scripts source, not tests.
# tests/fuzz/ holds one test: each fuzzer over its corpus (the others run
# campaigns and make seeds, for `make fuzz` and by hand).
for t in tests/source/*.sh tests/fs/*.sh tests/fuzz/corpus.sh tests/cli/*.sh tests/boot/*.sh; do
	case $t in */lib.sh) continue ;; esac
	[ -f "$t" ] && run_one "$t" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
