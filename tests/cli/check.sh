#!/bin/sh
# mkimage's check before it writes, and `ghostboot check` on images and
# directories: each problem refused with its message, word for word, and no
# image left behind; --no-check writes with a warning. Kernels that are
# wrong in one way each are built here with nasm and ld.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
UNDEFINED=$BUILD/tests/modules/undefined.gbm
CONSOLE=$BUILD/modules/console.gbm
out="$scratch/dest"
mkdir "$out"

# says LINE: the last command's stderr has exactly this line.
says() { grep -qxF -- "$1" "$scratch/err"; }

# refused NAME LINE MKIMAGE-ARGS...: mkimage fails with LINE and leaves
# nothing in $out.
refused() {
	name=$1 line=$2
	shift 2
	expect_error "mkimage refuses $name" "$GHOSTBOOT" mkimage -o "$out/x.img" "$@"
	check "  ... says: $line" says "$line"
	check "  ... and that no image was written" \
		says "ghostboot: error: 1 of the configuration's entries would not boot: no image written (--no-check writes it all the same)"
	check "  ... leaves no file behind" test -z "$(ls -A "$out")"
}

check "check --help exits 0 with usage" sh -c "'$GHOSTBOOT' check --help | grep -q '^usage: ghostboot check'"

# --- kernels wrong in one way each -------------------------------------
printf 'bits 64\nglobal start\nsection .text\nstart:\n\thlt\n\tjmp start\n' >"$scratch/k64.asm"
printf 'bits 32\nglobal start\nsection .text\nstart:\n\thlt\n\tjmp start\n' >"$scratch/k32.asm"
nasm -f elf64 "$scratch/k64.asm" -o "$scratch/k64.o"
nasm -f elf32 "$scratch/k32.asm" -o "$scratch/k32.o"
LD64="ld -e start -z noseparate-code --build-id=none"
ld -m elf_i386 -Ttext=0x100000 -e start "$scratch/k32.o" -o "$scratch/k32.elf"
$LD64 -Ttext=0x200000 "$scratch/k64.o" -o "$scratch/low.elf"
$LD64 -Ttext=0x10000 "$scratch/k64.o" -o "$scratch/stage2.elf"
ld -Ttext=0x200000 -e 0x300000 -z noseparate-code --build-id=none "$scratch/k64.o" \
	-o "$scratch/entry.elf"
head -c 3000 /dev/urandom >"$scratch/raw.gbm"

refused "a module with an undefined symbol" \
	"ghostboot: error: entry default: module /boot/modules/undefined.gbm: undefined symbol kstrnlen" \
	--kernel "$KERNEL" --module "$CONSOLE" --module "$UNDEFINED"
refused "a 32-bit kernel" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: a 32-bit ELF file; the ghostboot protocol boots ELF64 x86-64 kernels" \
	--kernel "$scratch/k32.elf"
refused "a kernel linked low, with modules" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: not linked in the top 2 GiB, where modules must run beside it" \
	--kernel "$scratch/low.elf" --module "$CONSOLE"
refused "a segment over stage 2" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: segment 0 (physical 0xf000-0x10003) loads below 1 MiB, over stage 2 (0x8000-0x70000)" \
	--kernel "$scratch/stage2.elf"
refused "an entry point outside every segment" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: its entry point 0x300000 lies outside every executable segment" \
	--kernel "$scratch/entry.elf"
refused "a raw file given as a module" \
	"ghostboot: error: entry default: module /boot/modules/raw.gbm: not an ELF module; pass a raw file with \`file PATH\`" \
	--kernel "$KERNEL" --module "$scratch/raw.gbm"

# The same kernel linked low boots without modules.
check "a kernel linked low without modules passes" \
	quietly "$GHOSTBOOT" mkimage -o "$scratch/low.img" --kernel "$scratch/low.elf"

# --- the files the configuration names ---------------------------------
cat >"$scratch/demo.cfg" <<CFG
entry demo
    kernel /boot/kernel.elf
    module /boot/modules/console.gbm
CFG
refused "a configuration naming a file that is not on the image" \
	"ghostboot: error: entry demo: kernel /boot/kernel.elf: not among the files put on the image" \
	--config "$scratch/demo.cfg" --add "$KERNEL=/boot/other.elf" --add "$CONSOLE=/boot/modules/console.gbm"

# FAT names ignore case, ext names do not.
sed 's|/boot/kernel.elf|/BOOT/Kernel.ELF|' "$scratch/demo.cfg" >"$scratch/case.cfg"
check "on FAT a path differing in case names the file" quietly "$GHOSTBOOT" mkimage \
	-o "$scratch/case.img" --config "$scratch/case.cfg" --add "$KERNEL=/boot/kernel.elf" \
	--add "$CONSOLE=/boot/modules/console.gbm"
refused "on ext4 a path differing in case" \
	"ghostboot: error: entry demo: kernel /BOOT/Kernel.ELF: not among the files put on the image" \
	--size 32M --fs ext4 --config "$scratch/case.cfg" --add "$KERNEL=/boot/kernel.elf" \
	--add "$CONSOLE=/boot/modules/console.gbm"

sum=$(sha256sum "$KERNEL" | cut -d' ' -f1)
printf 'entry demo\n    kernel /boot/kernel.elf sha256=%s\n    module /boot/modules/console.gbm sha256=%s\n' \
	"$sum" "$sum" >"$scratch/pin.cfg"
refused "a file that does not match its sha256 pin" \
	"ghostboot: error: entry demo: module /boot/modules/console.gbm: contents do not match the sha256= pin" \
	--config "$scratch/pin.cfg" --add "$KERNEL=/boot/kernel.elf" --add "$CONSOLE=/boot/modules/console.gbm"

# Every entry is checked, and every problem of one entry named.
cat >"$scratch/two.cfg" <<CFG
entry good
    kernel /boot/kernel.elf
entry bad
    kernel /boot/missing.elf
    module /boot/modules/absent.gbm
CFG
expect_error "mkimage refuses a configuration with one bad entry of two" "$GHOSTBOOT" mkimage \
	-o "$out/x.img" --config "$scratch/two.cfg" --add "$KERNEL=/boot/kernel.elf"
check "  ... names the missing kernel" \
	says "ghostboot: error: entry bad: kernel /boot/missing.elf: not among the files put on the image"
check "  ... and the missing module" \
	says "ghostboot: error: entry bad: module /boot/modules/absent.gbm: not among the files put on the image"
check "  ... and says nothing of the good entry" test "$(grep -c 'entry good' "$scratch/err")" -eq 0

# `restart N` is parsed and checked like every keyword.
printf 'entry default\n    kernel /boot/kernel.elf\n    restart 101\n' >"$scratch/restart.cfg"
expect_error "mkimage refuses restart above 100" "$GHOSTBOOT" mkimage \
	-o "$out/x.img" --config "$scratch/restart.cfg" --add "$KERNEL=/boot/kernel.elf"
check "  ... naming the line" says "ghostboot: error: $scratch/restart.cfg, line 3: number too large"
check "  ... leaves no file behind" test -z "$(ls -A "$out")"
sed 's/restart 101/restart 2/' "$scratch/restart.cfg" >"$scratch/restart2.cfg"
check "mkimage takes restart 2" quietly "$GHOSTBOOT" mkimage -o "$scratch/restart.img" \
	--config "$scratch/restart2.cfg" --add "$KERNEL=/boot/kernel.elf"

printf 'timeout 3\n' >"$scratch/empty.cfg"
expect_error "mkimage refuses a configuration without an entry" "$GHOSTBOOT" mkimage \
	-o "$out/x.img" --config "$scratch/empty.cfg" --add "$KERNEL=/boot/kernel.elf"
check "  ... saying so" \
	says "ghostboot: error: the configuration has no entry: stage 2 would have nothing to boot"
check "  ... leaves no file behind" test -z "$(ls -A "$out")"

# --- optional modules: a warning, not an error ---------------------------
cat >"$scratch/optional.cfg" <<CFG
entry demo
    kernel /boot/kernel.elf
    module /boot/modules/console.gbm
    module /boot/modules/undefined.gbm optional
    module /boot/modules/absent.gbm optional
CFG
if "$GHOSTBOOT" mkimage -o "$scratch/optional.img" --config "$scratch/optional.cfg" \
	--add "$KERNEL=/boot/kernel.elf" --add "$CONSOLE=/boot/modules/console.gbm" \
	--add "$UNDEFINED=/boot/modules/undefined.gbm" >/dev/null 2>"$scratch/err"; then
	ok "mkimage writes an image whose optional modules fail"
else
	not_ok "mkimage with failing optional modules: $(cat "$scratch/err")"
fi
check "  ... warns of the missing one" \
	says "ghostboot: warning: entry demo: optional module /boot/modules/absent.gbm skipped: not among the files put on the image"
check "  ... warns of the undefined symbol" \
	says "ghostboot: warning: entry demo: module /boot/modules/undefined.gbm: undefined symbol kstrnlen"
check "  ... and that the module is skipped" \
	says "ghostboot: warning: entry demo: optional module /boot/modules/undefined.gbm skipped: undefined symbols"
check "  ... with no error" test "$(grep -c '^ghostboot: error' "$scratch/err")" -eq 0

# --- --no-check ----------------------------------------------------------
if "$GHOSTBOOT" mkimage -o "$scratch/raw.img" --kernel "$KERNEL" --module "$scratch/raw.gbm" \
	--no-check >/dev/null 2>"$scratch/err"; then
	ok "mkimage --no-check writes an image that would not boot"
else
	not_ok "mkimage --no-check: $(cat "$scratch/err")"
fi
check "  ... with a warning" \
	says "ghostboot: warning: --no-check: the kernel, the modules and the files the configuration names are not checked; the image may not boot"
check "  ... and the image is there" test -s "$scratch/raw.img"

# --- --cmdline longer than a configuration line --------------------------
long=$(head -c 1100 /dev/zero | tr '\0' x)
expect_error "mkimage refuses a --cmdline too long for the configuration" "$GHOSTBOOT" mkimage \
	-o "$out/x.img" --kernel "$KERNEL" --cmdline "$long"
check "  ... in the user's terms" says "ghostboot: error: --cmdline: too long (1100 bytes; at most 1012)"
check "  ... leaves no file behind" test -z "$(ls -A "$out")"

# --- ghostboot check ---------------------------------------------------------
# run_check NAME STATUS TARGET: check exits STATUS; stdout in $scratch/stdout.
run_check() {
	"$GHOSTBOOT" check "$3" >"$scratch/stdout" 2>"$scratch/err"
	status=$?
	if [ "$status" -eq "$2" ]; then ok "$1"; else not_ok "$1: exit status $status, not $2"; fi
}
quietly "$GHOSTBOOT" mkimage -o "$scratch/good.img" --kernel "$KERNEL" $module_args
# Every layout mkimage makes: TABLE:FS:SIZE.
for layout in gpt:fat32:40M mbr:fat16:32M mbr:ext4:32M gpt:ext4:32M none:fat16:16M \
	none:ext2:16M none:fat12:1440K; do
	table=${layout%%:*} rest=${layout#*:}
	fs=${rest%%:*} size=${rest#*:}
	image=$scratch/$table-$fs.img
	if "$GHOSTBOOT" mkimage -o "$image" --table "$table" --fs "$fs" --size "$size" \
		--kernel "$KERNEL" $module_args >/dev/null 2>"$scratch/err"; then
		run_check "check passes the $table $fs image mkimage made" 0 "$image"
		check "  ... saying its entry will boot" \
			grep -qxF "$image: entry default: will boot" "$scratch/stdout"
	else
		not_ok "mkimage --table $table --fs $fs: $(cat "$scratch/err")"
	fi
done
run_check "check passes the MBR FAT32 image mkimage made" 0 "$scratch/good.img"

run_check "check fails an image with a raw module, made with --no-check" 1 "$scratch/raw.img"
check "  ... names the module" says "ghostboot: error: entry default: module /boot/modules/raw.gbm: not an ELF module; pass a raw file with \`file PATH\`"
check "  ... says the entry will not boot" \
	grep -qxF "$scratch/raw.img: entry default: will not boot" "$scratch/stdout"

quietly "$GHOSTBOOT" mkimage -o "$scratch/two.img" --config "$scratch/two.cfg" \
	--add "$KERNEL=/boot/kernel.elf" --no-check
run_check "check fails an image with one bad entry of two" 1 "$scratch/two.img"
check "  ... the good one will boot" grep -qxF "$scratch/two.img: entry good: will boot" "$scratch/stdout"
check "  ... the bad one will not" grep -qxF "$scratch/two.img: entry bad: will not boot" "$scratch/stdout"
check "  ... naming the kernel as stage 2 would" \
	says "ghostboot: error: entry bad: kernel /boot/missing.elf: file not found"

# A module changed on the image after mkimage pinned it.
cp "$scratch/good.img" "$scratch/changed.img"
mcopy -o -i "$scratch/changed.img@@1M" "$BUILD/modules/hello.gbm" ::/boot/modules/console.gbm
run_check "check fails an image whose module changed after pinning" 1 "$scratch/changed.img"
check "  ... names the pin" \
	says "ghostboot: error: entry default: module /boot/modules/console.gbm: contents do not match the sha256= pin"

# check writes nothing: a user who may only read the image checks it.
cp "$scratch/good.img" "$scratch/readonly.img"
chmod 444 "$scratch/readonly.img"
chmod 755 "$scratch"
if [ "$(id -u)" = 0 ]; then
	check "check needs only read access to the image" \
		su nobody -s /bin/sh -c "'$PWD/$GHOSTBOOT' check '$scratch/readonly.img' >/dev/null 2>&1"
else
	check "check needs only read access to the image" quietly "$GHOSTBOOT" check "$scratch/readonly.img"
fi

# An image damaged after mkimage: check names what stage 2, or stage 1,
# would stop at. damaged NAME LINE COMMAND...: COMMAND damages a copy of
# the good image, $scratch/damaged.img.
damaged() {
	name=$1 line=$2
	shift 2
	cp "$scratch/good.img" "$scratch/damaged.img"
	"$@"
	run_check "check fails an image with $name" 1 "$scratch/damaged.img"
	check "  ... says: $line" says "$line"
}
printf 'entry default\n    kernel /boot/kernel.elf\n    frobnicate yes\n' >"$scratch/syntax.cfg"
patch=408 # GB_STAGE1_PATCH_OFFSET: magic, drive, flags, reserved, then extents
damaged "its kernel deleted" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: file not found" \
	mdel -i "$scratch/damaged.img@@1M" ::/boot/kernel.elf
damaged "a configuration that does not parse" \
	"ghostboot: error: $scratch/damaged.img: configuration /boot/ghostboot.cfg, line 3: unknown keyword" \
	mcopy -o -i "$scratch/damaged.img@@1M" "$scratch/syntax.cfg" ::/boot/ghostboot.cfg
printf 'entry default\n    protocol multiboot1\n    kernel /boot/kernel.elf\n    restart 1\n' \
	>"$scratch/restart_mb.cfg"
damaged "restart in an entry of another protocol" \
	"ghostboot: error: $scratch/damaged.img: configuration /boot/ghostboot.cfg, line 1: restart needs protocol ghostboot" \
	mcopy -o -i "$scratch/damaged.img@@1M" "$scratch/restart_mb.cfg" ::/boot/ghostboot.cfg
damaged "stage 2 overwritten" \
	"ghostboot: error: $scratch/damaged.img: the blocklist points at LBA 1, which holds no stage 2" \
	dd if=/dev/zero of="$scratch/damaged.img" bs=512 seek=1 count=1 conv=notrunc status=none
# flip_byte OFFSET: the byte at OFFSET of the damaged image, inverted.
flip_byte() {
	value=$(od -An -tu1 -j "$1" -N1 "$scratch/damaged.img" | tr -d ' ')
	printf "\\$(printf %o $((255 - value)))" |
		dd of="$scratch/damaged.img" bs=1 seek="$1" conv=notrunc status=none
}
stage2_byte=$((20 * 512 + 7))
damaged "stage 2 changed inside" \
	"ghostboot: error: $scratch/damaged.img: stage 2 differs from this version's at byte $stage2_byte (of $STAGE2_SECTORS sectors from LBA 1)" \
	flip_byte $((512 + stage2_byte))
damaged "its blocklist pointing elsewhere" \
	"ghostboot: error: $scratch/damaged.img: the blocklist points at LBA 128, which holds no stage 2" \
	sh -c "printf '\\200' | dd of='$scratch/damaged.img' bs=1 seek=$((patch + 8)) conv=notrunc status=none"
check "  ... and still says the entry would boot" \
	grep -qxF "$scratch/damaged.img: entry default: will boot" "$scratch/stdout"
damaged "a module deleted" \
	"ghostboot: error: entry default: module /boot/modules/hello.gbm: file not found" \
	mdel -i "$scratch/damaged.img@@1M" ::/boot/modules/hello.gbm
damaged "its kernel replaced by a module" \
	"ghostboot: error: entry default: kernel /boot/kernel.elf: contents do not match the sha256= pin" \
	mcopy -o -i "$scratch/damaged.img@@1M" "$CONSOLE" ::/boot/kernel.elf
damaged "its configuration deleted" \
	"ghostboot: error: no partition holds /boot/ghostboot.cfg or /ghostboot.cfg: write a configuration, or name the boot partition with --partition N" \
	mdel -i "$scratch/damaged.img@@1M" ::/boot/ghostboot.cfg
check "  ... once" test "$(grep -c 'no partition holds' "$scratch/err")" -eq 1
# Partition 1 renumbered 2 (its entry moved in the MBR): stage 2 boots a
# partition the table no longer has.
renumber() {
	dd if="$scratch/damaged.img" of="$scratch/entry" bs=1 skip=446 count=16 status=none
	dd if="$scratch/entry" of="$scratch/damaged.img" bs=1 seek=462 conv=notrunc status=none
	dd if=/dev/zero of="$scratch/damaged.img" bs=1 seek=446 count=16 conv=notrunc status=none
}
damaged "its partition renumbered" \
	"ghostboot: error: $scratch/damaged.img: stage 2 boots partition 1 from LBA 2048, which the partition table no longer has" \
	renumber

# A configuration directory.
mkdir -p "$scratch/dir/boot/modules"
cp "$KERNEL" "$scratch/dir/boot/kernel.elf"
cp "$CONSOLE" "$scratch/dir/boot/modules/console.gbm"
cp "$scratch/demo.cfg" "$scratch/dir/boot/ghostboot.cfg"
run_check "check passes a configuration directory" 0 "$scratch/dir"
check "  ... saying the entry will boot" grep -qxF "$scratch/dir: entry demo: will boot" "$scratch/stdout"
cp "$scratch/raw.gbm" "$scratch/dir/boot/modules/console.gbm"
run_check "check fails a directory whose module is a raw file" 1 "$scratch/dir"
check "  ... naming it" says "ghostboot: error: entry demo: module /boot/modules/console.gbm: not an ELF module; pass a raw file with \`file PATH\`"

# Paths that climb out of the directory are not followed.
printf 'entry up\n    kernel /boot/../../kernel.elf\n' >"$scratch/dir/boot/ghostboot.cfg"
cp "$KERNEL" "$scratch/kernel.elf"
run_check "check does not follow '..' out of a configuration directory" 1 "$scratch/dir"
check "  ... saying so" \
	says "ghostboot: error: entry up: kernel /boot/../../kernel.elf: its path leaves the directory through '..'"
# Without /boot/ghostboot.cfg, /ghostboot.cfg, as stage 2 reads it.
rm "$scratch/dir/boot/ghostboot.cfg"
printf 'entry top\n    kernel /boot/kernel.elf\n' >"$scratch/dir/ghostboot.cfg"
run_check "check reads /ghostboot.cfg when /boot/ghostboot.cfg is missing" 0 "$scratch/dir"
check "  ... its entry" grep -qxF "$scratch/dir: entry top: will boot" "$scratch/stdout"

expect_error "check of a missing target" "$GHOSTBOOT" check "$scratch/none.img"
expect_error "check without a target" "$GHOSTBOOT" check

finish
