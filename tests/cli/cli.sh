#!/bin/sh
# The ghostboot CLI without QEMU: arguments, mkimage's images (checked with
# sfdisk, fsck.fat and mtools), and what install writes, refuses and keeps.
. tests/lib.sh

PARTITION_OFFSET=1048576 # mkimage's partition starts at 1 MiB

# The partition of an image made by mkimage, as a file for fsck.fat.
extract_partition() {
	dd if="$1" of="$2" bs=512 skip=2048 conv=sparse status=none
}

# --- help and arguments -------------------------------------------------
check "ghostboot --help exits 0" quietly "$GHOSTBOOT" --help
for command in mkimage install run test; do
	if "$GHOSTBOOT" $command --help >"$scratch/out" 2>&1 && grep -q "^usage: ghostboot $command" "$scratch/out"; then
		ok "$command --help exits 0 with usage"
	else
		not_ok "$command --help"
	fi
done

expect_error "no command" "$GHOSTBOOT"
expect_error "unknown command" "$GHOSTBOOT" frobnicate
expect_error "mkimage: unknown option" "$GHOSTBOOT" mkimage --bogus
expect_error "mkimage: -o without a value" "$GHOSTBOOT" mkimage -o
expect_error "mkimage: no output" "$GHOSTBOOT" mkimage --kernel /dev/null
expect_error "mkimage: bad --fs" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --fs ntfs --kernel x
expect_error "mkimage: bad --table" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --table bsd --kernel x
check "  ... names the choices" err_says "mbr, gpt or none"
expect_error "mkimage: bad --size" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --size 12Q --kernel x
expect_error "mkimage: nothing to boot" "$GHOSTBOOT" mkimage -o "$scratch/x.img"
expect_error "mkimage: --add without =" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --kernel x --add foo
expect_error "mkimage: --add relative DEST" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --kernel x --add x=foo
expect_error "install: no target" "$GHOSTBOOT" install
expect_error "install: --partition 0" "$GHOSTBOOT" install "$scratch/x.img" --partition 0
expect_error "run: no image" "$GHOSTBOOT" run
expect_error "test: bad --disk" "$GHOSTBOOT" test "$scratch/x.img" --disk scsi
expect_error "run: bad --disk" "$GHOSTBOOT" run "$scratch/x.img" --disk scsi
expect_error "test: bad --machine" "$GHOSTBOOT" test "$scratch/x.img" --machine isapc
expect_error "test: bad --timeout" "$GHOSTBOOT" test "$scratch/x.img" --timeout soon
expect_error "test: missing image" "$GHOSTBOOT" test "$scratch/none.img"
check "no image was left behind by bad arguments" test ! -e "$scratch/x.img"

# --- inputs --------------------------------------------------------------
head -c 150000 /dev/urandom >"$scratch/kernel.elf"
head -c 7000 /dev/urandom >"$scratch/console.gbm"
head -c 3000 /dev/urandom >"$scratch/extra.gbm"
printf 'read me\n' >"$scratch/readme.txt"

# mkimage with a missing input fails, names it, and writes nothing.
mkdir "$scratch/outdir"
expect_error "mkimage: missing kernel" "$GHOSTBOOT" mkimage -o "$scratch/outdir/a.img" \
	--kernel "$scratch/no-such-kernel.elf"
check "  ... names the file" err_says "no-such-kernel.elf"
check "  ... leaves no image and no temporary file" test -z "$(ls -A "$scratch/outdir")"
expect_error "mkimage: missing module" "$GHOSTBOOT" mkimage -o "$scratch/outdir/a.img" \
	--kernel "$scratch/kernel.elf" --module "$scratch/no-such.gbm"
check "  ... names the module" err_says "no-such.gbm"
check "  ... leaves no image and no temporary file" test -z "$(ls -A "$scratch/outdir")"

# A failed mkimage keeps an existing image as it was.
printf 'old image' >"$scratch/outdir/keep.img"
expect_error "mkimage: FAT32 in 16 MiB" "$GHOSTBOOT" mkimage -o "$scratch/outdir/keep.img" \
	--size 16M --fs fat32 --kernel "$scratch/kernel.elf"
check "  ... says how large" err_says "at least 33 MiB"
check "  ... keeps the old image" test "$(cat "$scratch/outdir/keep.img")" = "old image"
check "  ... leaves no temporary file" test "$(ls -A "$scratch/outdir")" = keep.img
expect_error "mkimage: FAT12 in 64 MiB" "$GHOSTBOOT" mkimage -o "$scratch/outdir/a.img" \
	--size 64M --fs fat12 --kernel "$scratch/kernel.elf"
check "  ... says the limit" err_says "at most 32 MiB"
printf 'entry x\n    kernal /boot/kernel.elf\n' >"$scratch/bad.cfg"
expect_error "mkimage: a configuration that does not parse" "$GHOSTBOOT" mkimage \
	-o "$scratch/outdir/a.img" --kernel "$scratch/kernel.elf" --config "$scratch/bad.cfg"
check "  ... names the file and line" err_says "bad.cfg, line 2"
check "  ... leaves no image" test ! -e "$scratch/outdir/a.img"

# --- mkimage: one image per FAT type ---------------------------------------
# read_back IMG PATH: the file at PATH on the image's partition, on stdout.
read_back() { mtype -i "$1@@$PARTITION_OFFSET" "::$2"; }
same_file() { read_back "$1" "$2" >"$scratch/readback" && cmp -s "$scratch/readback" "$3"; }

for spec in fat12:8M:1 fat16:32M:e fat32:64M:c; do
	fs=${spec%%:*}
	rest=${spec#*:}
	size=${rest%%:*}
	type=${rest#*:}
	img="$scratch/$fs.img"
	if "$GHOSTBOOT" mkimage -o "$img" --size "$size" --fs "$fs" --kernel "$scratch/kernel.elf" --no-check \
		--module "$scratch/console.gbm" --module "$scratch/extra.gbm" --cmdline "selftest x=1" \
		--add "$scratch/readme.txt=/docs/README.txt" >"$scratch/out.txt" 2>"$scratch/err"; then
		ok "$fs: mkimage succeeds"
	else
		not_ok "$fs: mkimage: $(cat "$scratch/err")"
		continue
	fi
	check "$fs: image is $size" test "$(stat -c %s "$img")" -eq $(( ${size%M} * 1048576 ))
	if sfdisk -d "$img" | grep -Eq "^$img""1 : start= *2048, size= *[0-9]+, type=$type, bootable$"; then
		ok "$fs: sfdisk shows partition 1 at 2048, type $type, bootable"
	else
		not_ok "$fs: sfdisk -d: $(sfdisk -d "$img" | tail -1)"
	fi
	extract_partition "$img" "$scratch/part"
	check "$fs: fsck.fat -n finds the partition clean" quietly fsck.fat -n "$scratch/part"
	check "$fs: the kernel reads back byte for byte" same_file "$img" /boot/kernel.elf "$scratch/kernel.elf"
	check "$fs: module console.gbm reads back" same_file "$img" /boot/modules/console.gbm "$scratch/console.gbm"
	check "$fs: module extra.gbm reads back" same_file "$img" /boot/modules/extra.gbm "$scratch/extra.gbm"
	check "$fs: --add file reads back" same_file "$img" /docs/README.txt "$scratch/readme.txt"
	read_back "$img" /boot/ghostboot.cfg >"$scratch/cfg"
	kernel_hash=$(sha256sum <"$scratch/kernel.elf" | cut -d' ' -f1)
	module_hash=$(sha256sum <"$scratch/extra.gbm" | cut -d' ' -f1)
	check "$fs: the configuration pins the kernel" \
		grep -qx "    kernel /boot/kernel.elf sha256=$kernel_hash" "$scratch/cfg"
	check "$fs: the configuration pins each module" \
		grep -qx "    module /boot/modules/extra.gbm sha256=$module_hash" "$scratch/cfg"
	check "$fs: the configuration has the command line" grep -qx "    cmdline selftest x=1" "$scratch/cfg"
	check "$fs: the configuration has one entry, default" test "$(grep -c '^entry' "$scratch/cfg")" = 1
	check "$fs: stage 2 is in sector 1" \
		test "$(dd if="$img" bs=1 skip=516 count=4 status=none)" = GBS2
	check "$fs: no temporary file is left" test -z "$(ls -A "$scratch" | grep '^\.')"
done

# --config FILE goes on the image as it is.
printf '# mine\ntimeout 3\nentry demo "Demo"\n    kernel /boot/kernel.elf\n    cmdline selftest\n' \
	>"$scratch/my.cfg"
if "$GHOSTBOOT" mkimage -o "$scratch/cfg.img" --kernel "$scratch/kernel.elf" --no-check \
	--config "$scratch/my.cfg" >/dev/null 2>"$scratch/err"; then
	check "--config: copied byte for byte" same_file "$scratch/cfg.img" /boot/ghostboot.cfg "$scratch/my.cfg"
else
	not_ok "--config: mkimage: $(cat "$scratch/err")"
fi

# --- mkimage: partition tables and ext -------------------------------------
# mkimage's volume, extracted from IMG at START for COUNT sectors.
volume_at() { dd if="$1" of="$scratch/part" bs=512 skip="$2" count="$3" conv=sparse status=none; }
# The sectors of partition N of IMG, as sfdisk -d reports them.
sfdisk_field() { sfdisk -d "$1" | sed -n "s|^$1$2 : .*$3= *\([0-9]*\).*|\1|p"; }

img="$scratch/gpt.img"
if "$GHOSTBOOT" mkimage -o "$img" --size 40M --table gpt --fs fat32 --kernel "$scratch/kernel.elf" --no-check \
	>"$scratch/out.txt" 2>"$scratch/err"; then
	ok "gpt: mkimage succeeds"
	sfdisk -d "$img" >"$scratch/dump"
	check "gpt: sfdisk reads a GPT" grep -q '^label: gpt' "$scratch/dump"
	check "gpt: partition 1 is a 1 MiB BIOS boot partition at 1 MiB" grep -Eq \
		"^$img""1 : start= *2048, size= *2048, type=21686148-6449-6E6F-744E-656564454649" "$scratch/dump"
	check "gpt: partition 2 is the EFI system partition from 2 MiB (--firmware both)" grep -Eq \
		"^$img""2 : start= *4096, size= *[0-9]+, type=$EFI_SYSTEM" "$scratch/dump"
	check "gpt: stage 2 starts the BIOS boot partition" \
		test "$(dd if="$img" bs=1 skip=$((2048 * 512 + 4)) count=4 status=none)" = GBS2
	volume_at "$img" 4096 "$(sfdisk_field "$img" 2 size)"
	check "gpt: fsck.fat -n finds partition 2 clean" quietly fsck.fat -n "$scratch/part"
	mtype -i "$img@@2M" ::/boot/kernel.elf >"$scratch/readback"
	check "gpt: the kernel reads back byte for byte" cmp -s "$scratch/readback" "$scratch/kernel.elf"
	mtype -i "$img@@2M" ::/EFI/BOOT/BOOTX64.EFI >"$scratch/readback"
	check "gpt: the UEFI loader reads back byte for byte" \
		cmp -s "$scratch/readback" "$BUILD/uefi/BOOTX64.EFI"
else
	not_ok "gpt: mkimage: $(cat "$scratch/err")"
fi
expect_error "gpt: FAT32 in 35 MiB" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --size 35M \
	--table gpt --fs fat32 --kernel "$scratch/kernel.elf"
check "  ... says how large" err_says "at least 33 MiB"

img="$scratch/none.img"
if "$GHOSTBOOT" mkimage -o "$img" --size 16M --table none --fs fat16 --kernel "$scratch/kernel.elf" --no-check \
	>"$scratch/out.txt" 2>"$scratch/err"; then
	ok "none: mkimage succeeds"
	check "none: no partition table, a FAT volume from sector 0" \
		test "$(dd if="$img" bs=1 skip=54 count=5 status=none)" = FAT16
	check "none: fsck.fat -n finds the volume clean" quietly fsck.fat -n "$img"
	check "none: stage 2 is in the reserved sectors after the boot sector" \
		test "$(dd if="$img" bs=1 skip=516 count=4 status=none)" = GBS2
	check "none: the volume boot record carries stage 1's patch area" \
		test "$(dd if="$img" bs=1 skip=$((0x1de)) count=4 status=none)" = GBS1
	mtype -i "$img" ::/boot/kernel.elf >"$scratch/readback"
	check "none: the kernel reads back byte for byte" cmp -s "$scratch/readback" "$scratch/kernel.elf"
else
	not_ok "none: mkimage: $(cat "$scratch/err")"
fi

# ext volumes: mkimage stages their files in TMPDIR and must clean up.
mkdir "$scratch/tmp"
TMPDIR="$scratch/tmp" # where mkimage stages ext volumes
export TMPDIR
img="$scratch/ext4.img"
if "$GHOSTBOOT" mkimage -o "$img" --size 32M --fs ext4 --kernel "$scratch/kernel.elf" --no-check \
	--add "$scratch/readme.txt=/docs/README.txt" >"$scratch/out.txt" 2>"$scratch/err"; then
	ok "ext4: mkimage succeeds"
	sfdisk -d "$img" >"$scratch/dump"
	check "ext4: partition 1 is type 83 from 2048, bootable" grep -Eq \
		"^$img""1 : start= *2048, size= *[0-9]+, type=83, bootable$" "$scratch/dump"
	volume_at "$img" 2048 "$(sfdisk_field "$img" 1 size)"
	check "ext4: e2fsck -fn finds the partition clean" quietly e2fsck -fn "$scratch/part"
	debugfs -R "cat /boot/kernel.elf" "$scratch/part" >"$scratch/readback" 2>/dev/null
	check "ext4: the kernel reads back byte for byte" cmp -s "$scratch/readback" "$scratch/kernel.elf"
	debugfs -R "cat /docs/README.txt" "$scratch/part" >"$scratch/readback" 2>/dev/null
	check "ext4: --add file reads back" cmp -s "$scratch/readback" "$scratch/readme.txt"
else
	not_ok "ext4: mkimage: $(cat "$scratch/err")"
fi
img="$scratch/ext2.img"
if "$GHOSTBOOT" mkimage -o "$img" --size 16M --fs ext2 --table none \
	--kernel "$scratch/kernel.elf" --no-check >"$scratch/out.txt" 2>"$scratch/err"; then
	ok "ext2 without a table: mkimage succeeds"
	check "ext2 without a table: e2fsck -fn finds it clean" quietly e2fsck -fn "$img"
	check "ext2 without a table: stage 2 is the file /boot/ghostboot/stage2.bin" quietly \
		debugfs -R "stat /boot/ghostboot/stage2.bin" "$img"
	check "ext2 without a table: stage 1 is in sector 0" \
		test "$(dd if="$img" bs=1 skip=$((0x198)) count=4 status=none)" = GBS1
else
	not_ok "ext2 without a table: mkimage: $(cat "$scratch/err")"
fi
check "mkimage leaves no staging directory behind" test -z "$(ls -A "$scratch/tmp")"

# --- install -------------------------------------------------------------
# A disk made by sfdisk and mkfs.fat alone, with a configuration.
plain="$scratch/plain.img"
truncate -s 40M "$plain"
printf 'label: dos\nstart=2048, type=c\n' | sfdisk --quiet "$plain"
mkfs.fat -F 32 --offset 2048 "$plain" $(( (40 * 2048 - 2048) / 2 )) >/dev/null
mmd -i "$plain@@$PARTITION_OFFSET" ::/boot
mcopy -i "$plain@@$PARTITION_OFFSET" "$scratch/my.cfg" ::/boot/ghostboot.cfg
cp "$plain" "$scratch/plain.orig"

if "$GHOSTBOOT" install "$plain" >"$scratch/out.txt" 2>"$scratch/err"; then
	ok "install onto a disk made by sfdisk and mkfs.fat"
else
	not_ok "install onto a disk made by sfdisk and mkfs.fat: $(cat "$scratch/err")"
fi
stage2_sectors=$(sed -n 's/^stage 2: \([0-9]*\) sectors in the gap after the MBR at LBA 1$/\1/p' \
	"$scratch/out.txt")
check "install reports where stage 2 went" test -n "$stage2_sectors"
check "install found the configuration on partition 1" grep -q "booting partition 1 " "$scratch/out.txt"
# cmp -l numbers bytes from 1: install may change bytes 1..440 (stage 1's
# code and patch area), 513..512*(K+1) (stage 2) and the undo record right
# after it (docs/install.md, "Uninstalling"), nothing else.
record_end=$(( 512 * (${stage2_sectors:-0} + 1) + 512 * 4 ))
changed_elsewhere=$(cmp -l "$scratch/plain.orig" "$plain" |
	awk -v end=$record_end '($1 > 440 && $1 <= 512) || $1 > end' | wc -l)
check "install changed no byte outside the code area, sectors 1..K and the undo record" \
	test "$changed_elsewhere" -eq 0
check "stage 2 is in sector 1" test "$(dd if="$plain" bs=1 skip=516 count=4 status=none)" = GBS2
check "stage 1's patch area is in sector 0" \
	test "$(dd if="$plain" bs=1 count=440 status=none | grep -c GBS1)" -ge 1
dd if="$plain" of="$scratch/part" bs=512 skip=2048 conv=sparse status=none
check "the partition is clean after install (fsck.fat -n)" quietly fsck.fat -n "$scratch/part"
cp "$plain" "$scratch/plain.installed"
check "install again over ghostboot's own stage 2" quietly "$GHOSTBOOT" install "$plain"
check "  ... writes the same bytes" cmp -s "$plain" "$scratch/plain.installed"

expect_error "install --partition 2 where there is none" "$GHOSTBOOT" install "$plain" --partition 2
check "  ... says so" err_says "no partition 2"

# Foreign data in the gap: refused, untouched, unless --force.
cp "$scratch/plain.orig" "$scratch/foreign.img"
printf 'somebody else' | dd of="$scratch/foreign.img" bs=512 seek=5 conv=notrunc status=none
cp "$scratch/foreign.img" "$scratch/foreign.orig"
expect_error "install refuses foreign data in the gap" "$GHOSTBOOT" install "$scratch/foreign.img"
check "  ... names the sector" err_says "sector 5 of the disk (in the gap after the MBR)"
check "  ... leaves the image unchanged" cmp -s "$scratch/foreign.img" "$scratch/foreign.orig"
check "install --force overwrites it" quietly "$GHOSTBOOT" install --force "$scratch/foreign.img"
cp "$scratch/plain.orig" "$scratch/grub.img"
printf 'GRUB core image' | dd of="$scratch/grub.img" bs=512 seek=1 conv=notrunc status=none
expect_error "install refuses another boot loader's stage in the gap" "$GHOSTBOOT" install "$scratch/grub.img"
check "  ... names it" err_says "GRUB"

# No configuration anywhere: nothing to pick.
bare="$scratch/bare.img"
truncate -s 40M "$bare"
printf 'label: dos\nstart=2048, type=c\n' | sfdisk --quiet "$bare"
mkfs.fat -F 32 --offset 2048 "$bare" $(( (40 * 2048 - 2048) / 2 )) >/dev/null
expect_error "install without a configuration on any partition" "$GHOSTBOOT" install "$bare"
check "  ... says what is missing" err_says "ghostboot.cfg"
if "$GHOSTBOOT" install "$bare" --partition 1 >/dev/null 2>"$scratch/err" &&
	grep -q '^ghostboot: warning: ' "$scratch/err"; then
	ok "install --partition 1 without a configuration warns and installs"
else
	not_ok "install --partition 1 without a configuration: $(cat "$scratch/err")"
fi

truncate -s 1M "$scratch/blank.img"
expect_error "install onto a disk with neither a table nor a filesystem" "$GHOSTBOOT" install \
	"$scratch/blank.img"
check "  ... says so" err_says "0x55AA"

finish
