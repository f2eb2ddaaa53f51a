#!/bin/sh
# ghostboot uninstall: install then uninstall gives the original image byte
# for byte on every layout with a place of its own for stage 2 (the gap
# after the MBR, a BIOS boot partition, FAT reserved sectors), also over a
# disk SYSLINUX had made bootable and over foreign data --force replaced;
# where stage 2 went into a file, the boot code comes back and the file
# goes. install --verify names what is damaged.
. tests/lib.sh

K=$STAGE2_SECTORS
PATCH=408 # GB_STAGE1_PATCH_OFFSET: magic, drive, flags, reserved, then extents
printf 'entry a\n    kernel /boot/kernel.elf\n' >"$scratch/my.cfg"

# round_trip NAME IMG [install options]: install twice (a reinstall keeps
# the first originals), verify, uninstall, compare with the original.
round_trip() {
	rt=$1 img=$2
	shift 2
	cp "$img" "$scratch/orig"
	if ! "$GHOSTBOOT" install "$img" "$@" >"$scratch/out" 2>&1 ||
		! "$GHOSTBOOT" install "$img" "$@" >"$scratch/out" 2>&1; then
		not_ok "$rt: install: $(cat "$scratch/out")"
		return
	fi
	check "$rt: install --verify passes" quietly "$GHOSTBOOT" install --verify "$img"
	check "$rt: install changed the disk" quietly sh -c "! cmp -s '$img' '$scratch/orig'"
	if "$GHOSTBOOT" uninstall "$img" >"$scratch/out" 2>&1; then
		check "$rt: uninstall gives the original image byte for byte" cmp -s "$img" "$scratch/orig"
	else
		not_ok "$rt: uninstall: $(cat "$scratch/out")"
	fi
}

fat_with_config() { # IMG OFFSET
	mmd -i "$1@@$2" ::/boot
	mcopy -i "$1@@$2" "$scratch/my.cfg" ::/boot/ghostboot.cfg
}

# --- MBR: the gap --------------------------------------------------------------
img=$scratch/mbr.img
truncate -s 64M "$img"
echo 'start=2048, type=c, bootable' | sfdisk --quiet --no-reread --no-tell-kernel "$img"
mkfs.fat -F 32 --offset 2048 -h 2048 "$img" 64512 >/dev/null 2>&1
fat_with_config "$img" 1M
round_trip "MBR, FAT32" "$img"

# Another boot loader's core image in the gap, replaced with --force.
printf 'GRUB core image stand-in' | dd of="$img" bs=512 seek=1 conv=notrunc status=none
printf '\353\143\220' | dd of="$img" bs=1 conv=notrunc status=none
round_trip "MBR with another boot loader in the gap (--force)" "$img" --force

# --- GPT: the BIOS boot partition, ext4 ---------------------------------------
mkdir -p "$scratch/tree/boot"
cp "$scratch/my.cfg" "$scratch/tree/boot/ghostboot.cfg"
img=$scratch/gpt.img
truncate -s 40M "$img"
printf "label: gpt\nstart=2048, size=2048, type=$BIOS_BOOT\nstart=4096, size=73728, type=$LINUX_DATA\n" |
	sfdisk --quiet --no-reread --no-tell-kernel "$img"
mke2fs -q -F -t ext4 -d "$scratch/tree" -E offset=2097152 "$img" 36864k
round_trip "GPT, BIOS boot partition, ext4" "$img"

# --- unpartitioned FAT: the reserved sectors ---------------------------------
img=$scratch/usb.img
truncate -s 40M "$img"
mkfs.fat -F 32 -R $((K + 40)) "$img" >/dev/null
fat_with_config "$img" 0
round_trip "unpartitioned FAT32" "$img"

# --- a disk SYSLINUX made bootable ------------------------------------------------
if command -v syslinux >/dev/null 2>&1; then
	img=$scratch/syslinux.img
	truncate -s 40M "$img"
	mkfs.fat -F 32 -R $((K + 40)) "$img" >/dev/null
	syslinux --install "$img"
	fat_with_config "$img" 0
	check "SYSLINUX: its boot sector is there" quietly sh -c "dd if='$img' bs=512 count=1 status=none | grep -qa SYSLINUX"
	round_trip "unpartitioned FAT32 made bootable by SYSLINUX" "$img"
	check "  ... SYSLINUX's boot sector is back" quietly sh -c "dd if='$img' bs=512 count=1 status=none | grep -qa SYSLINUX"
else
	not_ok "syslinux is not installed (make deps)"
fi

# --- stage 2 in a file: the boot code back, the file gone --------------------
img=$scratch/ext.img
truncate -s 16M "$img"
mke2fs -q -F -t ext2 -d "$scratch/tree" "$img"
cp "$img" "$scratch/orig"
"$GHOSTBOOT" install "$img" >/dev/null 2>&1
check "unpartitioned ext2: install --verify passes" quietly "$GHOSTBOOT" install --verify "$img"
if "$GHOSTBOOT" uninstall "$img" >"$scratch/out" 2>&1; then
	check "unpartitioned ext2: uninstall restores sector 0" \
		sh -c "cmp -s -n 1024 '$img' '$scratch/orig'"
	check "  ... and says the file went" grep -q "stage2.bin removed" "$scratch/out"
	check "  ... the file is gone" sh -c "! debugfs -R 'stat /boot/ghostboot/stage2.bin' '$img' 2>&1 | grep -q Inode:"
	check "  ... the volume is clean" quietly e2fsck -fn "$img"
else
	not_ok "unpartitioned ext2: uninstall: $(cat "$scratch/out")"
fi

# --- refusals -------------------------------------------------------------------
img=$scratch/never.img
truncate -s 40M "$img"
mkfs.fat -F 32 "$img" >/dev/null
fat_with_config "$img" 0
expect_error "uninstall: a disk install never touched" "$GHOSTBOOT" uninstall "$img"
check "  ... says there is nothing to restore" err_says "nothing to restore"
expect_error "install --verify: a disk install never touched" "$GHOSTBOOT" install --verify "$img"
check "  ... says there is no stage 1" err_says "holds no ghostboot stage 1"
expect_error "uninstall: no target" "$GHOSTBOOT" uninstall

# --- install --verify on damage --------------------------------------------------
good=$scratch/verify.img
truncate -s 64M "$good"
echo 'start=2048, type=c, bootable' | sfdisk --quiet --no-reread --no-tell-kernel "$good"
mkfs.fat -F 32 --offset 2048 -h 2048 "$good" 64512 >/dev/null 2>&1
fat_with_config "$good" 1M
"$GHOSTBOOT" install "$good" >/dev/null
check "install --verify: a fresh install passes" quietly "$GHOSTBOOT" install --verify "$good"
check "  ... and names the version" sh -c "'$GHOSTBOOT' install --verify '$good' | grep -qF '$("$GHOSTBOOT" --version)'"
damaged() { # NAME TEXT OFFSET BYTES(printf)
	cp "$good" "$scratch/bad.img"
	printf "$4" | dd of="$scratch/bad.img" bs=1 seek="$3" conv=notrunc status=none
	expect_error "install --verify: $1" "$GHOSTBOOT" install --verify "$scratch/bad.img"
	check "  ... says '$2'" err_says "$2"
}
damaged "stage 2 overwritten" "stage 2 differs from this version's" $((512 * 40)) 'XXXX'
damaged "the blocklist pointing elsewhere" "which holds no stage 2" $((PATCH + 8)) '\200'
damaged "the blocklist's length changed" "the blocklist lists" $((PATCH + 16)) '\001'
damaged "stage 1's code changed" "stage 1 in sector 0 differs" 100 '\314'
finish
