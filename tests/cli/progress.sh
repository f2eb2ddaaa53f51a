#!/bin/sh
# Progress lines (docs/cli.md, "Progress"): mkimage and install say each
# step on stderr for a large image when stderr is a terminal or with
# --progress, and nothing otherwise. The shape is checked, not the timing.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
img=$scratch/big.img

# steps FILE: the progress lines of a run's stderr, with the paths cut off.
steps() { sed -n 's/^ghostboot: \(checking\|writing\|making\|copying\|installing\|finding\|flushing\)/\1/p' "$1" | sed 's/ on .*\| as .*\| (file.*\| at LBA.*//'; }

cat >"$scratch/mkimage.expected" <<EOF2
checking the configuration's entries
writing the partition table (MBR)
making the FAT32 filesystem
copying /boot/kernel.elf
copying /boot/modules/console.gbm
copying /boot/modules/checksum.gbm
copying /boot/modules/hello.gbm
copying /boot/ghostboot.cfg
installing the boot code
finding room for stage 2 (${STAGE2_SECTORS} sectors)
writing stage 2 in the gap after the MBR
writing stage 1 into the MBR's boot code (bytes 0..439 of sector 0)
flushing and putting the image in place
EOF2
# shellcheck disable=SC2086
if "$GHOSTBOOT" mkimage -o "$img" --size 300M --kernel "$KERNEL" $module_args --progress \
	>"$scratch/out.txt" 2>"$scratch/err"; then
	ok "mkimage --progress of a 300 MiB image"
else
	not_ok "mkimage --progress: $(cat "$scratch/err")"
fi
steps "$scratch/err" >"$scratch/mkimage.steps"
check "  ... names each step, in order" cmp -s "$scratch/mkimage.steps" "$scratch/mkimage.expected"
check "  ... on stderr only" test "$(grep -c '^ghostboot: \(checking\|copying\|writing\)' "$scratch/out.txt")" -eq 0
check "  ... and the image is sparse" test "$(du -k "$img" | cut -f1)" -lt 65536

# shellcheck disable=SC2086
"$GHOSTBOOT" mkimage -o "$img" --size 300M --kernel "$KERNEL" $module_args >/dev/null 2>"$scratch/err"
check "without --progress and stderr not a terminal, mkimage says nothing" test ! -s "$scratch/err"

"$GHOSTBOOT" install "$img" --progress >/dev/null 2>"$scratch/err"
steps "$scratch/err" >"$scratch/install.steps"
printf '%s\n' "finding room for stage 2 (${STAGE2_SECTORS} sectors)" \
	"writing stage 2 in the gap after the MBR" \
	"writing stage 1 into the MBR's boot code (bytes 0..439 of sector 0)" >"$scratch/install.expected"
check "install --progress names each step, in order" cmp -s "$scratch/install.steps" "$scratch/install.expected"
"$GHOSTBOOT" install "$img" >/dev/null 2>"$scratch/err"
check "without --progress and stderr not a terminal, install says nothing" test ! -s "$scratch/err"

# On a terminal (script(1) gives one) a large image earns progress unasked,
# a small one does not.
if command -v script >/dev/null 2>&1; then
	script -qec "'$GHOSTBOOT' install '$img'" /dev/null >"$scratch/tty" 2>&1
	check "install onto a 300 MiB image on a terminal shows progress" grep -q "writing stage 2" "$scratch/tty"
	quietly "$GHOSTBOOT" mkimage -o "$scratch/small.img" --kernel "$KERNEL"
	script -qec "'$GHOSTBOOT' install '$scratch/small.img'" /dev/null >"$scratch/tty" 2>&1
	check "install onto a 64 MiB image on a terminal does not" test "$(grep -c "writing stage 2" "$scratch/tty")" -eq 0
else
	not_ok "script(1) (bsdutils) is needed to give install a terminal"
fi

finish
