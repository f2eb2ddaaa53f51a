# Helpers for the shell tests: source it, then call ok/not_ok per check.
# Every test runs from the top of the tree with build/ already made.

BUILD=${BUILD:-build}
GHOSTBOOT=$BUILD/ghostboot
failures=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }

# check NAME COMMAND...: one result line from a command's exit status.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# A scratch directory removed when the test script ends.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# boots NAME IMAGE [test options...]: `ghostboot test` must pass the image;
# on failure the end of its serial log is shown.
boots() {
	name=$1 image=$2
	shift 2
	if out=$($GHOSTBOOT test "$image" --timeout 120 --log "$scratch/serial.log" "$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name: $out"
		sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
	fi
}

finish() { [ "$failures" -eq 0 ]; }
