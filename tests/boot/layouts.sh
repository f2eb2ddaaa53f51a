#!/bin/sh
# `ghostboot install` on disks other tools made, one for each layout users
# have (docs/install.md): every image is partitioned and formatted by
# sfdisk, mkfs.fat or mke2fs and filled by mtools or mke2fs -d, never by
# `ghostboot mkimage`. After install, every file on the volume must be byte
# for byte as it was, fsck must find the volume clean, and the disk must
# boot to SELFTEST PASS.
. tests/lib.sh

FILE_HOME="in the file /boot/ghostboot/stage2.bin"

# What every volume holds: the sample kernel, its modules, a configuration.
files=$scratch/files
mkdir -p "$files/boot/modules"
cp "$BUILD/kernel/kernel.elf" "$files/boot/"
for m in console checksum hello; do cp "$BUILD/modules/$m.gbm" "$files/boot/modules/"; done
cat >"$files/boot/ghostboot.cfg" <<CFG
timeout 0
serial 115200
entry layouts "every disk layout"
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=3
    module /boot/modules/console.gbm
    module /boot/modules/checksum.gbm
    module /boot/modules/hello.gbm
CFG

# new_image IMG MIB: an empty sparse image.
new_image() {
	rm -f "$1"
	truncate -s "$2M" "$1"
}

# partition IMG SCRIPT: sfdisk writes the table.
partition() {
	printf "$2" | sfdisk --quiet --no-reread --no-tell-kernel "$1" >/dev/null
}

# fat_format IMG START SECTORS FAT-BITS [mkfs.fat options]: a FAT volume
# at sector START, with the files.
fat_format() {
	img=$1 start=$2 sectors=$3 bits=$4
	shift 4
	if [ "$start" -eq 0 ]; then
		mkfs.fat -F "$bits" "$@" "$img" >/dev/null
	else
		# (mkfs.fat remarks on a volume that ends before the image does)
		mkfs.fat -F "$bits" --offset "$start" -h "$start" "$@" "$img" $((sectors / 2)) \
			>/dev/null 2>&1
	fi
	mcopy -s -i "$img@@$((start * 512))" "$files/boot" ::/
}

# ext_format IMG START SECTORS TYPE: an ext volume at sector START, with the files.
ext_format() {
	mke2fs -q -F -t "$4" -d "$files" -E offset=$(($2 * 512)) "$1" "$(($3 / 2))k" >/dev/null
}

# fat_dump / ext_dump IMG START DIR: every file of the volume into DIR.
fat_dump() {
	mkdir -p "$3"
	mcopy -s -n -i "$1@@$(($2 * 512))" '::*' "$3/"
}
ext_dump() {
	mkdir -p "$3"
	debugfs -R "rdump / $3" "$1?offset=$(($2 * 512))" >/dev/null 2>&1
}

# volume_of IMG START SECTORS: the volume alone, for fsck.
volume_of() {
	dd if="$1" of="$scratch/volume" bs=512 skip="$2" count="$3" conv=sparse status=none
	echo "$scratch/volume"
}
fat_clean() { fsck.fat -n "$(volume_of "$@")" >/dev/null 2>&1; }
ext_clean() { e2fsck -fn "$(volume_of "$@")" >/dev/null 2>&1; }

# same_files BEFORE AFTER: every file under BEFORE is under AFTER, unchanged.
same_files() {
	[ -n "$(find "$1" -type f)" ] || return 1
	(cd "$1" && find . -type f) | while read -r f; do
		cmp -s "$1/$f" "$2/$f" || { echo "# changed by install: $f"; return 1; }
	done
}


# install_and_boot NAME IMG KIND START SECTORS HOME [test options...]:
# install must put stage 2 at HOME (words of its report), keep every file
# of the KIND (fat or ext) volume at START, leave it clean, and boot.
install_and_boot() {
	layout=$1 img=$2 kind=$3 start=$4 sectors=$5 home=$6
	shift 6
	rm -rf "$scratch/before" "$scratch/after"
	${kind}_dump "$img" "$start" "$scratch/before"
	if ! $GHOSTBOOT install "$img" >"$scratch/install.out" 2>&1; then
		not_ok "$layout: install failed: $(cat "$scratch/install.out")"
		return
	fi
	if grep -q "^stage 2: .*$home" "$scratch/install.out"; then
		ok "$layout: install puts stage 2 $home"
	else
		not_ok "$layout: stage 2 not $home: $(cat "$scratch/install.out")"
	fi
	${kind}_dump "$img" "$start" "$scratch/after"
	check "$layout: every file is byte for byte as before" same_files "$scratch/before" "$scratch/after"
	check "$layout: fsck finds the volume clean" ${kind}_clean "$img" "$start" "$sectors"
	boots "$layout: boots to SELFTEST PASS" "$img" "$@"
}

# --- MBR, 1 MiB aligned, FAT32: the gap after the MBR ---------------------
img=$scratch/mbr-fat32.img
new_image "$img" 64
partition "$img" 'label: dos\nstart=2048, type=c, bootable\n'
fat_format "$img" 2048 $((64 * 2048 - 2048)) 32
install_and_boot "MBR FAT32" "$img" fat 2048 $((64 * 2048 - 2048)) "in the gap after the MBR"

# --- MBR, DOS aligned (partition 1 at sector 63), FAT16 -------------------
# The gap holds 62 sectors: stage 2 goes there if it fits, else into a file.
img=$scratch/dos-fat16.img
new_image "$img" 32
partition "$img" 'label: dos\nstart=63, type=e, bootable\n'
fat_format "$img" 63 $((32 * 2048 - 63)) 16
if [ "$STAGE2_SECTORS" -le 62 ]; then home="in the gap after the MBR"; else home=$FILE_HOME; fi
install_and_boot "DOS-aligned FAT16 ($STAGE2_SECTORS-sector stage 2)" "$img" fat 63 \
	$((32 * 2048 - 63)) "$home"
if [ "$STAGE2_SECTORS" -gt 62 ]; then
	check "DOS-aligned FAT16: install says the gap is too small" \
		grep -q "the gap after the MBR holds 62 sectors (partition 1 starts at sector 63), stage 2 needs $STAGE2_SECTORS" \
		"$scratch/install.out"
fi

# --- MBR with an extended partition: ext4 /boot on logical partition 5 ----
img=$scratch/logical-ext4.img
new_image "$img" 64
partition "$img" 'label: dos\nstart=2048, size=20480, type=83\nstart=22528, type=5\nstart=24576, size=40960, type=83\n'
# Partition 1, a root filesystem without a configuration, comes first.
mke2fs -q -F -t ext4 -E offset=$((2048 * 512)) "$img" 10240k >/dev/null
ext_format "$img" 24576 40960 ext4
install_and_boot "MBR logical ext4" "$img" ext 24576 40960 "in the gap after the MBR"
check "MBR logical ext4: install boots partition 5" grep -q "booting partition 5 " "$scratch/install.out"

# --- GPT with a BIOS boot partition and ext4 ------------------------------
img=$scratch/gpt-ext4.img
new_image "$img" 32
partition "$img" "label: gpt\nstart=2048, size=2048, type=$BIOS_BOOT\nstart=4096, size=57344, type=$LINUX_DATA\n"
ext_format "$img" 4096 57344 ext4
install_and_boot "GPT ext4" "$img" ext 4096 57344 "in the BIOS boot partition"

# The primary GPT header damaged after install: stage 2 reads the backup.
cp "$img" "$scratch/gpt-damaged.img"
printf 'X' | dd of="$scratch/gpt-damaged.img" bs=1 seek=$((512 + 40)) conv=notrunc status=none
boots "GPT ext4 with a damaged primary header boots from the backup" "$scratch/gpt-damaged.img"
if $GHOSTBOOT install "$scratch/gpt-damaged.img" >/dev/null 2>"$scratch/err" &&
	grep -q "primary GPT is damaged" "$scratch/err"; then
	ok "install on a damaged GPT warns and uses the backup"
else
	not_ok "install on a damaged GPT: $(cat "$scratch/err")"
fi

# --- GPT without a BIOS boot partition, FAT32: the file -------------------
img=$scratch/gpt-fat32.img
new_image "$img" 64
partition "$img" "label: gpt\nstart=2048, size=126976, type=$BASIC_DATA\n"
fat_format "$img" 2048 126976 32
install_and_boot "GPT FAT32 without a BIOS boot partition" "$img" fat 2048 126976 "$FILE_HOME"

# --- Unpartitioned FAT32 ("USB stick"): reserved sectors, else the file ---
img=$scratch/usb-reserved.img
new_image "$img" 64
reserved=$((STAGE2_SECTORS + 32))
fat_format "$img" 0 $((64 * 2048)) 32 -I -R "$reserved"
install_and_boot "unpartitioned FAT32, $reserved reserved sectors" "$img" fat 0 $((64 * 2048)) \
	"in the FAT volume's reserved sectors"
if [ "$(od -An -j 3072 -N 512 -tx1 "$img")" = "$(od -An -N 512 -tx1 "$img")" ]; then
	ok "unpartitioned FAT32: the backup boot sector (sector 6) got the same boot code"
else
	not_ok "unpartitioned FAT32: the backup boot sector differs from the boot sector"
fi

img=$scratch/usb-default.img
new_image "$img" 64
fat_format "$img" 0 $((64 * 2048)) 32 -I
install_and_boot "unpartitioned FAT32, 32 reserved sectors" "$img" fat 0 $((64 * 2048)) "$FILE_HOME"

# --- A 1.44 MB FAT12 floppy: drive A:, CHS only ----------------------------
img=$scratch/floppy.img
rm -f "$img"
mkfs.fat -C -F 12 "$img" 1440 >/dev/null
mcopy -s -i "$img" "$files/boot" ::/
install_and_boot "1.44 MB floppy" "$img" fat 0 2880 "$FILE_HOME" --disk floppy \
	--expect "boot drive 0x00"
# Patch area at 0x1de: magic (4), drive override, flags; no hard-disk flag.
check "floppy: stage 1 trusts the BIOS's drive number (no hard-disk flag)" \
	test "$(od -An -j $((0x1de + 4)) -N 2 -tx1 "$img" | tr -d ' ')" = ff00

# --- Unpartitioned ext2 over the whole disk: the file ---------------------
img=$scratch/ext2.img
new_image "$img" 16
ext_format "$img" 0 $((16 * 2048)) ext2
install_and_boot "unpartitioned ext2" "$img" ext 0 $((16 * 2048)) "$FILE_HOME"

finish
