# QEMU boot test (TCG) of the drivers-in-kernel mode: the sample modules
# linked into the kernel at build time by `ghostboot link`, booted with no
# module in the configuration, pass the same self test as modules linked
# at boot. Stage 2 finds them in .gbprelinked (include/ghostboot/prelinked.h).
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
MODULES=$(ls $BUILD/modules/*.gbm | grep -v /fault)
MODULE_COUNT=$(echo "$MODULES" | wc -w)
module_args=""
for m in $MODULES; do module_args="$module_args --module $m"; done

linked=$scratch/kernel-linked.elf
img=$scratch/prelinked.img
# shellcheck disable=SC2086
if ! $GHOSTBOOT link --kernel "$KERNEL" $module_args -o "$linked" >"$scratch/link.log" 2>&1; then
	not_ok "ghostboot link: $(cat "$scratch/link.log")"
elif ! $GHOSTBOOT mkimage -o "$img" --kernel "$linked" \
	--cmdline "selftest expect-modules=$MODULE_COUNT" >"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage with the linked kernel: $(cat "$scratch/mkimage.log")"
elif out=$($GHOSTBOOT test "$img" --timeout 120 --log "$scratch/serial.log" \
	--expect "$MODULE_COUNT modules linked into the kernel at build time" 2>&1); then
	ok "a kernel with its modules linked at build time boots to SELFTEST PASS"
	check "the build-time linked kernel needs no linking at boot" \
		sh -c "! grep -q '^ghostboot: linked ' '$scratch/serial.log'"
else
	not_ok "a kernel with its modules linked at build time: $out"
	sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
fi

# A module loaded at boot links against the modules linked in at build time,
# and depends on them.
drivers=$scratch/drivers.elf
if ! $GHOSTBOOT link --kernel "$KERNEL" --module "$BUILD/modules/console.gbm" \
	--module "$BUILD/modules/checksum.gbm" -o "$drivers" >"$scratch/link.log" 2>&1; then
	not_ok "ghostboot link of console and checksum: $(cat "$scratch/link.log")"
elif ! $GHOSTBOOT mkimage -o "$scratch/mixed.img" --kernel "$drivers" \
	--module "$BUILD/modules/hello.gbm" --cmdline "selftest expect-modules=3" \
	>"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage with the drivers kernel: $(cat "$scratch/mkimage.log")"
else
	boots "a module loaded at boot uses modules linked in at build time" "$scratch/mixed.img" \
		--expect "2 modules linked into the kernel at build time" \
		--expect "1 exports, 2 dependencies" \
		--expect "selftest: hello_check through hello's exports: 0x1c71ab2a"
fi

finish
