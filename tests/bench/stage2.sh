#!/bin/sh
# The stage 2 half of `make bench` (tests/build.mk): boots the sample
# kernel, linked with the synthetic set's exports, with the set's first
# MODULES modules under QEMU, RUNS times, and reports what stage 2 says of
# its link; and, for scale, the same boot without modules.
#   stage2.sh DIR MODULES RUNS       (DIR/kernel.elf, DIR/set/ from generate.sh)
set -eu
. tests/bench/lib.sh
dir=$1 modules=$2 runs=$3
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT


# boot IMAGE LOG: the seconds from QEMU's start to SELFTEST PASS.
boot() {
	start=$(date +%s.%N)
	"$GHOSTBOOT" test "$1" --timeout 300 --log "$2" >/dev/null
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.2f\n", $2 - $1 }'
}

module_args=$(head -n "$modules" "$dir/set/modules.list" | sed 's/^/--module /')
relocations=$(head -n "$modules" "$dir/set/modules.list" | xargs readelf -rW |
	grep -c ' R_X86_64_')
# shellcheck disable=SC2086
"$GHOSTBOOT" mkimage -o "$scratch/modules.img" --kernel "$dir/kernel.elf" $module_args \
	--cmdline "selftest expect-modules=$modules" >/dev/null
"$GHOSTBOOT" mkimage -o "$scratch/none.img" --kernel "$dir/kernel.elf" --cmdline selftest >/dev/null

: >"$scratch/times"
: >"$scratch/link_us"
i=0
while [ "$i" -lt "$runs" ]; do
	boot "$scratch/modules.img" "$scratch/serial.log" >>"$scratch/times"
	# Stage 2 may say how long its link took: "... kernel exports in N us".
	sed -n 's/^ghostboot: linked .* in \([0-9][0-9]*\) us.*/\1/p' "$scratch/serial.log" >>"$scratch/link_us"
	i=$((i + 1))
done
linked_line=$(grep '^ghostboot: linked ' "$scratch/serial.log" || true)
boot "$scratch/none.img" "$scratch/serial.log" >"$scratch/none"

echo "stage 2 under QEMU (TCG): $modules modules, $relocations relocations"
echo "  stage 2 said: ${linked_line:-nothing about linking}"
if [ -s "$scratch/link_us" ]; then
	us=$(median <"$scratch/link_us")
	awk -v us="$us" -v n="$runs" -v r="$relocations" 'BEGIN {
		printf "  link in stage 2            median %8.2f ms of %u runs  %6.2f M relocations/s\n",
			us / 1000, n, r / us }'
else
	echo "  (stage 2 prints no link time yet: 'in N us' at the end of that line would give one)"
fi
echo "  boot to SELFTEST PASS, median of $runs: $(median <"$scratch/times") s with the modules," \
	"$(cat "$scratch/none") s without"
