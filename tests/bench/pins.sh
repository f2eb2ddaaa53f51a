#!/bin/sh
# What a pin costs a boot, with and without the SHA extensions (`make bench`,
# docs/performance.md "Under emulation, and other hashes"): compare.sh's
# kernel segment and Multiboot module images, pinned and not, booted on
# MACHINE:DISK with -cpu max by the system QEMU (no SHA extensions) and by
# the later QEMU scripts/fetch-qemu-sha.sh fetches (which emulates them),
# ROUNDS interleaved rounds; prints medians and pinned / unpinned.
#   pins.sh DIR ROUNDS MACHINE:DISK
set -eu
. tests/bench/lib.sh
dir=$1 rounds=$2 setup=$3
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
machine=${setup%%:*} interface=${setup#*:}
qemu_sha=$(scripts/fetch-qemu-sha.sh)
names="ghostboot-fat32-kernel ghostboot-fat32-kernel-pinned ghostboot-fat32 ghostboot-fat32-pinned"
times=$dir/pins.times
: >"$times"
round=1
while [ "$round" -le "$rounds" ]; do
	for name in $names; do
		for qemu in system sha; do
			set -- --cpu max
			[ "$qemu" = system ] || set -- "$@" --qemu "$qemu_sha"
			start=$(date +%s.%N)
			if ! "$GHOSTBOOT" test "$dir/images/$name.img" --machine "$machine" \
				--disk "$interface" --memory 192M --timeout 120 "$@" >/dev/null 2>&1; then
				echo "  $name under the $qemu QEMU failed" >&2
				continue
			fi
			end=$(date +%s.%N)
			echo "$qemu $name $(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')" >>"$times"
		done
	done
	round=$((round + 1))
done

seconds() { awk -v q="$1" -v n="$2" '$1 == q && $2 == n { print $3 }' "$times" | median; }
echo
echo "pins on $setup, $rounds rounds, median seconds (pinned / unpinned):"
echo
echo "| | QEMU $(qemu-system-x86_64 -version | sed -n 's/.*version \([^ ]*\).*/\1/p;q'), portable hash | QEMU $("$qemu_sha" -version | sed -n 's/.*version \([^ ]*\).*/\1/p;q'), emulated SHA-NI |"
echo "|---|---|---|"
for pair in "kernel segment:ghostboot-fat32-kernel" "Multiboot module:ghostboot-fat32"; do
	label=${pair%%:*} name=${pair#*:}
	for qemu in system sha; do
		eval "plain_$qemu=\$(seconds $qemu $name) pinned_$qemu=\$(seconds $qemu $name-pinned)"
	done
	# shellcheck disable=SC2154
	awk -v l="$label" -v a="$plain_system" -v b="$pinned_system" -v c="$plain_sha" -v d="$pinned_sha" \
		'BEGIN {
		printf "| %s, unpinned | %.2f s | %.2f s |\n", l, a, c
		printf "| %s, pinned | %.2f s (%.1fx) | %.2f s (%.1fx) |\n", l, b, b / a, d, d / c }'
done
