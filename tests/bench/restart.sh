#!/bin/sh
# The restart half of `make bench` (tests/build.mk): boots the sample kernel
# with the sample modules and `restart 1` under QEMU, RUNS times, each boot
# restarting the checksum module (and with it hello, which imports from it)
# 101 times with bench-restart=checksum, and reports the kernel's median of
# TSC cycles per restart: exits, data put back, inits, all modules ready,
# and of its part before the inits (which, like the modules' inits, print
# to the polled serial console, most of the time under TCG).
#   restart.sh KERNEL MODULE_DIR RUNS
set -eu
. tests/bench/lib.sh
kernel=$1 modules=$2 runs=$3
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT


{
	printf 'entry bench\n    kernel /boot/kernel.elf\n    restart 1\n'
	printf '    cmdline selftest expect-modules=3 bench-restart=checksum\n'
	for m in console checksum hello; do printf '    module /boot/modules/%s.gbm\n' "$m"; done
} >"$scratch/bench.cfg"
args="--add $kernel=/boot/kernel.elf"
for m in console checksum hello; do args="$args --add $modules/$m.gbm=/boot/modules/$m.gbm"; done
# shellcheck disable=SC2086
"$GHOSTBOOT" mkimage -o "$scratch/restart.img" --config "$scratch/bench.cfg" $args >/dev/null

: >"$scratch/cycles"
: >"$scratch/reset"
i=0
while [ "$i" -lt "$runs" ]; do
	"$GHOSTBOOT" test "$scratch/restart.img" --timeout 300 --log "$scratch/serial.log" >/dev/null
	sed -n 's/^bench: restart of module checksum: median \([0-9]*\) TSC cycles.*/\1/p' \
		"$scratch/serial.log" >>"$scratch/cycles"
	sed -n 's/^bench: restart of .*, \([0-9]*\) before the inits.*/\1/p' \
		"$scratch/serial.log" >>"$scratch/reset"
	i=$((i + 1))
done
echo "module restart in the sample kernel under QEMU (TCG): checksum with hello, its importer"
echo "  the kernel said: $(grep '^bench: restart' "$scratch/serial.log" | tr -d '\r')"
echo "  median of $runs boots' medians: $(median <"$scratch/cycles") TSC cycles a restart," \
	"$(median <"$scratch/reset") of them before the inits"
