# Helpers for the filesystem reader tests (tests/fs/fat.sh, ext2.sh): source it after
# tests/lib.sh. fsread is the host tool that reads one file out of an image.

FSREAD=$BUILD/tests/bin/fsread
out=$scratch/out
err=$scratch/err

# run_fsread ARGS...: fsread's stdout into $out, stderr into $err.
run_fsread() { timeout 20 "$FSREAD" "$@" >"$out" 2>"$err"; }

# same_as SRC ARGS...: fsread ARGS must print exactly the file SRC.
same_as() {
	want=$1
	shift
	run_fsread "$@" && cmp -s "$out" "$want"
}

# slice FILE OFFSET LENGTH: those bytes of FILE, as dd would cut them.
slice() { tail -c +$(($2 + 1)) "$1" | head -c "$3"; }

# fails_with WHAT TEXT FSREAD_ARGS...: exit status 1 and TEXT in the message.
fails_with() {
	what=$1
	text=$2
	shift 2
	run_fsread "$@"
	status=$?
	if [ $status -eq 1 ] && grep -q "$text" "$err"; then
		ok "$what: $(cat "$err")"
	else
		not_ok "$what: status $status, expected 1 and '$text': $(cat "$err")"
	fi
}

# put IMG OFFSET BYTES...: overwrites bytes (decimal values) at OFFSET.
# (Shell functions share their variables: these have names of their own.)
put() {
	put_file=$1
	put_at=$2
	shift 2
	put_bytes=""
	for b in "$@"; do put_bytes="$put_bytes\\$(printf '%03o' "$b")"; done
	# shellcheck disable=SC2059
	printf "$put_bytes" | dd of="$put_file" bs=1 seek="$put_at" conv=notrunc 2>/dev/null
}
# put32 IMG OFFSET VALUE: a little-endian 32-bit value.
put32() { put "$1" "$2" $(($3 & 255)) $(($3 >> 8 & 255)) $(($3 >> 16 & 255)) $(($3 >> 24 & 255)); }
u16() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
