# QEMU boot tests (TCG): images made by `ghostboot mkimage` boot the sample
# kernel to SELFTEST PASS; broken images stop with a message that names the
# file and the problem; `ghostboot test` tells failures from success.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf

# fails_with NAME IMAGE TEXT: `ghostboot test` must fail and TEXT be on serial
# or in its one-line reason.
fails_with() {
	name=$1 image=$2 text=$3
	if out=$($GHOSTBOOT test "$image" --timeout 120 --log "$scratch/$name.log" 2>&1); then
		not_ok "$name: booted although it should not"
	elif grep -qF -- "$text" "$scratch/$name.log" || echo "$out" | grep -qF -- "$text"; then
		ok "$name"
	else
		not_ok "$name: expected '$text'; got: $out"
		sed 's/^/    serial: /' "$scratch/$name.log" | tail -n 15
	fi
}

mkimage() {
	out=$1
	shift
	$GHOSTBOOT mkimage -o "$out" "$@" >"$scratch/mkimage.log" 2>&1 ||
		{ cat "$scratch/mkimage.log"; return 1; }
}

for fs in fat12 fat16 fat32; do
	case $fs in fat12) size=16M ;; fat16) size=64M ;; fat32) size=64M ;; esac
	img=$scratch/$fs.img
	if mkimage "$img" --size $size --fs $fs --kernel "$KERNEL" $module_args \
		--cmdline "selftest expect-modules=$MODULE_COUNT"; then
		boots "$fs image boots to SELFTEST PASS" "$img" --expect "ghostboot stage 2"
	else
		not_ok "$fs image: mkimage failed"
	fi
done

# The other layouts mkimage makes: GPT (stage 2 in the BIOS boot partition),
# no table (FAT's reserved sectors; a floppy-sized image boots as drive A:),
# and ext (the file, without a table).
for spec in gpt:fat32:64M none:fat32:64M none:fat12:1440K gpt:ext4:32M none:ext2:16M; do
	table=${spec%%:*}
	rest=${spec#*:}
	fs=${rest%%:*}
	size=${rest#*:}
	img=$scratch/$table-$fs.img
	if mkimage "$img" --size "$size" --table "$table" --fs "$fs" --kernel "$KERNEL" $module_args \
		--cmdline "selftest expect-modules=$MODULE_COUNT"; then
		boots "--table $table --fs $fs ($size) boots to SELFTEST PASS" "$img"
	else
		not_ok "--table $table --fs $fs: mkimage failed"
	fi
done

img=$scratch/fat32.img
boots "q35 machine with an AHCI disk" "$img" --machine q35 --disk ahci
boots "virtio disk" "$img" --disk virtio

# A configuration naming a kernel the image does not hold.
cat >"$scratch/nokernel.cfg" <<CFG
entry broken
    kernel /boot/kernel.elf
    cmdline selftest
CFG
mkimage "$scratch/nokernel.img" --size 64M --fs fat32 --config "$scratch/nokernel.cfg" --no-check &&
	fails_with "image without a kernel stops naming it" "$scratch/nokernel.img" \
		"ghostboot: error: kernel /boot/kernel.elf: file not found"

# A kernel that is not an ELF file.
head -c 4096 /dev/urandom | od -An -tx1 >"$scratch/notelf"
mkimage "$scratch/notelf.img" --size 64M --fs fat32 --kernel "$scratch/notelf" --no-check &&
	fails_with "a text file as kernel is refused" "$scratch/notelf.img" \
		"kernel /boot/kernel.elf: not an ELF file"

# Kernels damaged in one header field each: stage 2 names the field's problem.
# damaged NAME OFFSET BYTES TEXT: the sample kernel with BYTES (printf
# escapes) written at OFFSET must stop the boot with TEXT.
damaged() {
	cp "$KERNEL" "$scratch/damaged.elf"
	printf "$3" | dd of="$scratch/damaged.elf" bs=1 seek="$2" conv=notrunc 2>/dev/null
	mkimage "$scratch/damaged.img" --size 64M --fs fat32 --kernel "$scratch/damaged.elf" --no-check &&
		fails_with "$1" "$scratch/damaged.img" "kernel /boot/kernel.elf: $4"
}
damaged "a kernel for another machine is refused" 18 '\003\000' "not built for x86-64"
damaged "an entry point outside the code is refused" 24 '\000\000\000\000\000\000\000\000' \
	"the entry point lies outside every executable segment"
damaged "program headers past the end of the file are refused" 32 '\000\000\000\000\377\000\000\000' \
	"program headers lie outside the file"
damaged "a segment below 1 MiB is refused" 88 '\000\020\000\000\000\000\000\000' \
	"a segment loads below 1 MiB"
damaged "a segment past the end of the file is refused" 96 \
	'\000\000\000\001\000\000\000\000\000\000\000\001\000\000\000\000' \
	"a segment lies outside the file"
# e_shnum: the section table, which the module linker and the prelinked
# table read, is checked before the kernel is entered, modules or not.
damaged "a kernel without section headers is refused" 60 '\000\000' \
	"section count 0 or extended"

# A required module that does not exist, then the same module optional.
cat >"$scratch/missing.cfg" <<CFG
entry demo
    kernel /boot/kernel.elf
    cmdline selftest
    module /boot/modules/absent.gbm
CFG
mkimage "$scratch/missing.img" --size 64M --fs fat32 --config "$scratch/missing.cfg" --no-check \
	--add "$KERNEL=/boot/kernel.elf" &&
	fails_with "missing required module stops the boot" "$scratch/missing.img" \
		"ghostboot: error: module /boot/modules/absent.gbm: file not found"
sed 's|absent.gbm|absent.gbm optional|' "$scratch/missing.cfg" >"$scratch/optional.cfg"
mkimage "$scratch/optional.img" --size 64M --fs fat32 --config "$scratch/optional.cfg" \
	--add "$KERNEL=/boot/kernel.elf" &&
	boots "missing optional module is skipped" "$scratch/optional.img" \
		--expect "optional module /boot/modules/absent.gbm skipped"

# A malformed configuration is reported with its line. mkimage refuses to
# write one, so mtools puts it on a good image afterwards.
printf 'entry demo\n    kernel /boot/kernel.elf\n    frobnicate yes\n' >"$scratch/bad.cfg"
mkimage "$scratch/badcfg.img" --size 64M --fs fat32 --kernel "$KERNEL" &&
	mcopy -o -i "$scratch/badcfg.img@@1M" "$scratch/bad.cfg" \
		::/boot/ghostboot.cfg &&
	fails_with "malformed configuration names the line" "$scratch/badcfg.img" \
		"configuration /boot/ghostboot.cfg, line 3: unknown keyword"

# A module whose bytes changed after its hash was pinned.
sum=$(sha256sum "$KERNEL" | cut -d' ' -f1)
first=$(echo $MODULES | cut -d' ' -f1)
printf 'entry demo\n    kernel /boot/kernel.elf\n    cmdline selftest\n    module /boot/modules/m.gbm sha256=%s\n' \
	"$sum" >"$scratch/pin.cfg"
mkimage "$scratch/pin.img" --size 64M --fs fat32 --config "$scratch/pin.cfg" --no-check \
	--add "$KERNEL=/boot/kernel.elf" --add "$first=/boot/modules/m.gbm" &&
	fails_with "a module not matching its sha256 pin is refused" "$scratch/pin.img" \
		"module /boot/modules/m.gbm: contents do not match the sha256= pin"

# A `modules` list file names the modules one a line, any order.
printf '# the sample modules\n/boot/modules/hello.gbm\n/boot/modules/console.gbm\n/boot/modules/checksum.gbm\n' \
	>"$scratch/modules.list"
cat >"$scratch/list.cfg" <<CFG
entry listed
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=3
    modules /boot/modules.list
CFG
list_args="--add $KERNEL=/boot/kernel.elf --add $scratch/modules.list=/boot/modules.list"
for m in console checksum hello; do
	list_args="$list_args --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"
done
# shellcheck disable=SC2086
mkimage "$scratch/list.img" --size 64M --fs fat32 --config "$scratch/list.cfg" $list_args &&
	boots "modules named by a list file are loaded and linked" "$scratch/list.img" \
		--expect "ghostboot: linked 3 modules"

# A BIOS that names a drive that does not exist: the MBR's stage 1 starts
# over with the first hard disk (the patch area's drive override stands in
# for the BIOS's DL here).
if mkimage "$scratch/baddrive.img" --size 64M --fs fat32 --kernel "$KERNEL" --cmdline selftest; then
	printf '\205' | dd of="$scratch/baddrive.img" bs=1 seek=$((0x198 + 4)) conv=notrunc 2>/dev/null
	boots "stage 1 falls back to drive 0x80 when the drive number names no drive" \
		"$scratch/baddrive.img" --expect "boot drive 0x80"
fi

# With a timeout the menu shows every entry, counts down, and boots the
# default one, which need not be the first.
cat >"$scratch/menu.cfg" <<CFG
timeout 1
default good
entry bad "Boots with a self test that cannot pass"
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=99
entry good "The sample kernel"
    kernel /boot/kernel.elf
    cmdline selftest
CFG
mkimage "$scratch/menu.img" --size 64M --fs fat32 --config "$scratch/menu.cfg" \
	--add "$KERNEL=/boot/kernel.elf" &&
	boots "the menu counts down and boots the default entry" "$scratch/menu.img" \
		--expect "1. Boots with a self test that cannot pass" \
		--expect "ghostboot: booting good: /boot/kernel.elf"

# Contiguous runs go to the BIOS in transfers of up to 127 sectors: a kernel
# file of over 4 MiB costs a few dozen calls, not one a cluster or sector.
cp "$KERNEL" "$scratch/big.elf" && head -c 4194304 /dev/urandom >>"$scratch/big.elf"
if mkimage "$scratch/big.img" --size 64M --fs fat32 --kernel "$scratch/big.elf" \
	--cmdline selftest; then
	boots "a 4 MiB kernel file boots" "$scratch/big.img"
	summary=$(sed -n 's/.*read \([0-9]*\) KiB in \([0-9]*\) BIOS calls.*/\1 \2/p' "$scratch/serial.log")
	set -- $summary
	if [ -n "$summary" ] && [ "$2" -le $(($1 / 63 + 40)) ]; then
		ok "large reads are merged: $1 KiB in $2 BIOS calls"
	else
		not_ok "large reads are merged: '$summary' (KiB, calls)"
	fi
fi

# `ghostboot test` must call a triple fault a failure, not a pass.
mkimage "$scratch/triple.img" --size 64M --fs fat32 --kernel "$KERNEL" --cmdline "triplefault" &&
	fails_with "a triple-faulting kernel is reported as a failure" "$scratch/triple.img" \
		"triple fault"

finish
