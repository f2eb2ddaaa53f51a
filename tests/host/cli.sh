#!/bin/sh
# The ghostboot CLI without QEMU: arguments, mkimage's images (checked with
# sfdisk, fsck.fat and mtools), and what install writes, refuses and keeps.
. tests/lib.sh

PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
export PATH MTOOLS_SKIP_CHECK

PARTITION_OFFSET=1048576 # mkimage's partition starts at 1 MiB

# expect_error NAME COMMAND...: fails, with one "ghostboot: error:" line.
expect_error() {
	name=$1
	shift
	if "$@" >"$scratch/out" 2>"$scratch/err"; then
		not_ok "$name: succeeded"
	elif ! grep -q '^ghostboot: error: ' "$scratch/err"; then
		not_ok "$name: no 'ghostboot: error:' line: $(head -c 300 "$scratch/err")"
	else
		ok "$name"
	fi
}

# quietly COMMAND...: runs it with its output thrown away.
quietly() { "$@" >/dev/null 2>&1; }

# err_says TEXT: the last command's stderr mentions TEXT.
err_says() { grep -qF -- "$1" "$scratch/err"; }

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
expect_error "mkimage: --fs ext2 not supported yet" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --fs ext2 --kernel x
check "  ... says so" err_says "not supported yet"
expect_error "mkimage: --table gpt not supported yet" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --table gpt --kernel x
expect_error "mkimage: bad --size" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --size 12Q --kernel x
expect_error "mkimage: nothing to boot" "$GHOSTBOOT" mkimage -o "$scratch/x.img"
expect_error "mkimage: --add without =" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --kernel x --add foo
expect_error "mkimage: --add relative DEST" "$GHOSTBOOT" mkimage -o "$scratch/x.img" --kernel x --add x=foo
expect_error "install: no target" "$GHOSTBOOT" install
expect_error "install: --partition 0" "$GHOSTBOOT" install "$scratch/x.img" --partition 0
expect_error "run: no image" "$GHOSTBOOT" run
expect_error "test: bad --disk" "$GHOSTBOOT" test "$scratch/x.img" --disk scsi
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
	if "$GHOSTBOOT" mkimage -o "$img" --size "$size" --fs "$fs" --kernel "$scratch/kernel.elf" \
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
if "$GHOSTBOOT" mkimage -o "$scratch/cfg.img" --kernel "$scratch/kernel.elf" \
	--config "$scratch/my.cfg" >/dev/null 2>"$scratch/err"; then
	check "--config: copied byte for byte" same_file "$scratch/cfg.img" /boot/ghostboot.cfg "$scratch/my.cfg"
else
	not_ok "--config: mkimage: $(cat "$scratch/err")"
fi

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
stage2_sectors=$(sed -n 's/.*stage 2 in sectors 1\.\.\([0-9]*\),.*/\1/p' "$scratch/out.txt")
check "install reports where stage 2 went" test -n "$stage2_sectors"
check "install found the configuration on partition 1" grep -q "booting partition 1 " "$scratch/out.txt"
# cmp -l numbers bytes from 1: install may change bytes 1..440 (stage 1's
# code and patch area) and 513..512*(K+1) (stage 2), nothing else.
changed_elsewhere=$(cmp -l "$scratch/plain.orig" "$plain" |
	awk -v end=$(( 512 * (${stage2_sectors:-0} + 1) )) '($1 > 440 && $1 <= 512) || $1 > end' | wc -l)
check "install changed no byte outside the code area and sectors 1..K" test "$changed_elsewhere" -eq 0
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
check "  ... names the sector" err_says "sector 5 after the MBR"
check "  ... leaves the image unchanged" cmp -s "$scratch/foreign.img" "$scratch/foreign.orig"
check "install --force overwrites it" quietly "$GHOSTBOOT" install --force "$scratch/foreign.img"
cp "$scratch/plain.orig" "$scratch/grub.img"
printf 'GRUB core image' | dd of="$scratch/grub.img" bs=512 seek=1 conv=notrunc status=none
expect_error "install refuses another boot loader's stage in the gap" "$GHOSTBOOT" install "$scratch/grub.img"
check "  ... names it" err_says "GRUB"

# No room: the first partition starts at sector 2, or at 63 when stage 2
# needs more than 62 sectors.
start=2
[ "${stage2_sectors:-0}" -gt 62 ] && start=63
small="$scratch/small-gap.img"
truncate -s 8M "$small"
printf 'label: dos\nstart=%s, type=1\n' "$start" | sfdisk --quiet "$small"
mkfs.fat -F 12 --offset "$start" "$small" $(( (8 * 2048 - start) / 2 )) >/dev/null
mcopy -i "$small@@$(( start * 512 ))" "$scratch/my.cfg" ::/ghostboot.cfg
cp "$small" "$scratch/small-gap.orig"
expect_error "install refuses a gap that is too small" "$GHOSTBOOT" install "$small"
check "  ... says how large the gap is" err_says "the gap after the MBR holds $(( start - 1 )) sector"
check "  ... and what stage 2 needs" err_says "stage 2 needs $stage2_sectors"
check "  ... leaves the image unchanged" cmp -s "$small" "$scratch/small-gap.orig"

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
expect_error "install onto a disk without an MBR" "$GHOSTBOOT" install "$scratch/blank.img"
check "  ... says so" err_says "0x55AA"

finish
