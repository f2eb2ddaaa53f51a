# QEMU boot test (TCG) of the drivers-in-kernel mode: the sample modules
# linked into the kernel at build time by `ghostboot link`, booted with no
# module in the configuration, pass the same self test as modules linked
# at boot. Stage 2 finds them in .gbprelinked (include/ghostboot/prelinked.h).
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf

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

# Twenty modules linked into the kernel: each takes segments and a loader
# range of its own, and stage 2 must take them all.
many_args=""
for n in $(seq 1 20); do
	printf '#include <ghostboot/module.h>\nstatic int init_%s(void) { return 0; }\nGB_MODULE("m%s", init_%s, 0);\n' \
		"$n" "$n" "$n" >"$scratch/m$n.c"
	gcc -std=c11 -ffreestanding -mcmodel=kernel -fno-pic -mno-red-zone -fno-common -Iinclude \
		-c "$scratch/m$n.c" -o "$scratch/m$n.gbm"
	many_args="$many_args --module $scratch/m$n.gbm"
done
# shellcheck disable=SC2086
if ! $GHOSTBOOT link --kernel "$KERNEL" $many_args -o "$scratch/many.elf" >"$scratch/link.log" 2>&1; then
	not_ok "ghostboot link of twenty modules: $(cat "$scratch/link.log")"
elif ! $GHOSTBOOT mkimage -o "$scratch/many.img" --kernel "$scratch/many.elf" \
	--cmdline "selftest expect-modules=20" >"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage with twenty linked-in modules: $(cat "$scratch/mkimage.log")"
else
	boots "a kernel with twenty modules linked in boots" "$scratch/many.img" \
		--expect "20 modules linked into the kernel at build time"
fi

finish
