# `ghostboot test` against guests that end in every way it must tell apart:
# only a report of success passes; each failure has its own one-line reason.
. tests/lib.sh

guest() {
	nasm -f bin -DBEHAVIOUR="$1" -o "$scratch/guest$1.img" tests/boot/guests/guest.asm
	truncate -s 1M "$scratch/guest$1.img"
	echo "$scratch/guest$1.img"
}

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

verdict "a guest that reports success passes" 1 0 ""
verdict "--expect text that never appears fails" 1 1 'expected text not seen: "no such line"' \
	--expect "no such line"
verdict "a guest that reports failure fails" 2 1 "guest reported failure: SELFTEST FAIL: on purpose"
verdict "a reset fails" 3 1 "guest reset or powered off without a report"
verdict "a hang fails on the timeout" 4 1 "timeout after 3 s" --timeout 3
verdict "a triple fault fails" 5 1 "triple fault"
verdict "success written without SELFTEST PASS fails" 6 1 "SELFTEST PASS"
finish
