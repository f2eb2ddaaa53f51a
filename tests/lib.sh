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

finish() { [ "$failures" -eq 0 ]; }
