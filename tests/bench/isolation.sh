#!/bin/sh
# The isolation half of `make bench` (tests/build.mk): one boot of the sample
# kernel with the call bench module loaded twice, in ring 0 and isolated
# (tests/bench/callbench.c), and the medians of a kernel export call from
# each, side by side with their ratio.
#   isolation.sh KERNEL DIRECT.gbm ISOLATED.gbm
set -eu
kernel=$1 direct=$2 isolated=$3
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

cat >"$scratch/bench.cfg" <<CFG
entry calls
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=2
    module /boot/modules/calls_direct.gbm
    module /boot/modules/calls_isolated.gbm isolated
CFG
"$GHOSTBOOT" mkimage -o "$scratch/bench.img" --size 64M --fs fat32 --config "$scratch/bench.cfg" \
	--add "$kernel=/boot/kernel.elf" --add "$direct=/boot/modules/calls_direct.gbm" \
	--add "$isolated=/boot/modules/calls_isolated.gbm" >/dev/null
"$GHOSTBOOT" test "$scratch/bench.img" --timeout 300 --log "$scratch/serial.log" >/dev/null

cycles() { sed -n "s/^bench $1: .* median \([0-9][0-9]*\) TSC cycles/\1/p" "$scratch/serial.log"; }
d=$(cycles calls_direct)
i=$(cycles calls_isolated)
echo "isolation: a kernel export call (memcmp of 2 bytes), median TSC cycles under QEMU (TCG)"
echo "$d $i" | awk '{ printf "  direct %d, isolated %d, direct : isolated = 1 : %.1f\n", $1, $2, $2 / $1 }'
