#!/bin/sh
# `ghostboot install` without QEMU (docs/install.md): where each placement
# writes, that it writes nowhere else, what it refuses, and that a refusal
# leaves the files as they were. tests/boot/layouts.sh boots the layouts.
. tests/lib.sh

K=$STAGE2_SECTORS    # stage 2's sectors, short for the checks below
PATCH=$((0x198))     # stage 1's patch area in the MBR
VBR_PATCH=$((0x1de)) # and in the volume boot record

printf 'entry demo\n    kernel /boot/kernel.elf\n' >"$scratch/my.cfg"

says() { grep -qF -- "$1" "$scratch/out"; }

# install_ok NAME IMG [options]: install succeeds; its output is in $scratch/out.
install_ok() {
	name=$1
	shift
	if "$GHOSTBOOT" install "$@" >"$scratch/out" 2>&1; then
		ok "$name"
	else
		not_ok "$name: $(cat "$scratch/out")"
	fi
}

# refused NAME IMG [options]: install fails with one "ghostboot: error:" line or more.
refused() {
	name=$1
	shift
	if "$GHOSTBOOT" install "$@" >"$scratch/out" 2>&1; then
		not_ok "$name: installed"
	elif grep -q '^ghostboot: error: ' "$scratch/out"; then
		ok "$name"
	else
		not_ok "$name: no 'ghostboot: error:' line: $(cat "$scratch/out")"
	fi
}

# changed_outside ORIG NEW FIRST-LAST...: how many bytes differ outside the
# given ranges (byte offsets from 0, inclusive).
changed_outside() {
	orig=$1 new=$2
	shift 2
	cmp -l "$orig" "$new" | awk -v ranges="$*" '
		BEGIN { n = split(ranges, r, " ") }
		{
			offset = $1 - 1 # cmp counts from 1
			inside = 0
			for (i = 1; i <= n; i++) {
				split(r[i], b, "-")
				if (offset >= b[1] && offset <= b[2]) inside = 1
			}
			if (!inside) count++
		}
		END { print count + 0 }'
}

# record IMG: the byte range of install's undo record (docs/install.md,
# "Uninstalling"), which keeps what install overwrote.
record() {
	off=$(grep -obUaP 'GBUNDO\x01' "$1" | head -n 1 | cut -d: -f1)
	echo "$off-$((off + ($(le "$1" $((off + 8)) 4) + 511) / 512 * 512 - 1))"
}

# bytes IMG OFFSET COUNT: those bytes of the image, in hex.
bytes() { od -An -v -j "$2" -N "$3" -tx1 "$1"; }

# le IMG OFFSET BYTES: an unsigned little-endian number in the image.
le() { od -An -j "$2" -N "$3" -tu"$3" "$1" | tr -d ' '; }

# sectors START COUNT: the byte range of those sectors.
sectors() { echo "$(($1 * 512))-$((($1 + $2) * 512 - 1))"; }

# fat_files IMG OFFSET DIR: every file of the FAT volume into DIR.
fat_files() {
	rm -rf "$3"
	mkdir -p "$3"
	mcopy -s -n -i "$1@@$2" '::*' "$3/"
}
same_files() {
	(cd "$1" && find . -type f) | while read -r f; do
		cmp -s "$1/$f" "$2/$f" || { echo "# changed: $f"; return 1; }
	done
}

# gpt_disk IMG SCRIPT: a 40 MiB GPT disk, a FAT32 partition 2 from 4096
# holding the configuration, and what SCRIPT adds before it.
gpt_disk() {
	rm -f "$1"
	truncate -s 40M "$1"
	printf "label: gpt\n$2start=4096, size=73728, type=$BASIC_DATA\n" |
		sfdisk --quiet --no-reread --no-tell-kernel "$1"
	mkfs.fat -F 32 --offset 4096 -h 4096 "$1" 36864 >/dev/null 2>&1
	mmd -i "$1@@2M" ::/boot
	mcopy -i "$1@@2M" "$scratch/my.cfg" ::/boot/ghostboot.cfg
}

# --- GPT: the BIOS boot partition -----------------------------------------
img=$scratch/gpt.img
gpt_disk "$img" "start=2048, size=2048, type=$BIOS_BOOT\n"
cp "$img" "$scratch/orig"
install_ok "GPT: install" "$img"
check "GPT: stage 2 goes into the BIOS boot partition" says "stage 2: $K sectors in the BIOS boot partition, partition 1, at LBA 2048"
check "GPT: install writes only bytes 0..439 of the protective MBR, the BIOS boot partition's first $K sectors and the undo record" \
	test "$(changed_outside "$scratch/orig" "$img" 0-439 "$(sectors 2048 "$K")" "$(record "$img")")" -eq 0
check "GPT: stage 1's extent is LBA 2048, $K sectors" \
	test "$(le "$img" $((PATCH + 8)) 8):$(le "$img" $((PATCH + 16)) 2)" = "2048:$K"
check "GPT: the table still reads the same" \
	test "$(sfdisk -d "$scratch/orig" | sed "s|$scratch/orig|IMG|")" = "$(sfdisk -d "$img" | sed "s|$img|IMG|")"

img=$scratch/gpt-small.img
gpt_disk "$img" "start=2048, size=16, type=$BIOS_BOOT\n"
install_ok "GPT with a 16-sector BIOS boot partition: install" "$img"
check "  ... says why stage 2 goes into a file" says "the BIOS boot partition (partition 1) holds 16 sectors, stage 2 needs $K: stage 2 goes into a file instead"
check "  ... puts it in /boot/ghostboot/stage2.bin" says "in the file /boot/ghostboot/stage2.bin on partition 2"
mtype -i "$img@@2M" ::/boot/ghostboot/stage2.bin >"$scratch/file"
dd if="$img" of="$scratch/runs" bs=512 skip="$(le "$img" $((PATCH + 8)) 8)" count="$K" status=none
check "  ... and stage 1 points at the file's sectors" cmp -s "$scratch/file" "$scratch/runs"
check "  ... which hold stage 2" test "$(dd if="$scratch/file" bs=1 skip=4 count=4 status=none)" = GBS2

img=$scratch/gpt-grub.img
gpt_disk "$img" "start=2048, size=2048, type=$BIOS_BOOT\n"
printf 'GRUB core' | dd of="$img" bs=512 seek=2050 conv=notrunc status=none
cp "$img" "$scratch/orig"
refused "GPT: install refuses another boot loader in the BIOS boot partition" "$img"
check "  ... names the sector and what it holds" says "sector 2050 of the disk (in the BIOS boot partition, partition 1) holds another boot loader (GRUB's core image)"
check "  ... leaves the disk unchanged" cmp -s "$img" "$scratch/orig"
install_ok "GPT: install --force overwrites it" "$img" --force
check "  ... with a warning" says "ghostboot: warning: overwriting sector 2050"

# A GPT whose BIOS boot partition overlaps the data partition (no partitioner
# writes one: the primary entry is moved by hand, its CRCs made anew with
# gzip's CRC-32, which is the GPT's). Its sectors may hold zeros, yet belong
# to the filesystem: install must not write there, --force or not.
le64() { v=$1; i=0; while [ $i -lt 8 ]; do printf "\\$(printf '%03o' $((v & 255)))"; v=$((v >> 8)); i=$((i + 1)); done; }
crc32_of() { dd if="$1" bs=1 skip="$2" count="$3" status=none | gzip -c | tail -c 8 | head -c 4; }
img=$scratch/gpt-overlap.img
gpt_disk "$img" "start=2048, size=2048, type=$BIOS_BOOT\n"
le64 8192 | dd of="$img" bs=1 seek=$((1024 + 32)) conv=notrunc status=none
le64 $((8192 + 2047)) | dd of="$img" bs=1 seek=$((1024 + 40)) conv=notrunc status=none
crc32_of "$img" 1024 16384 | dd of="$img" bs=1 seek=$((512 + 88)) conv=notrunc status=none
printf '\000\000\000\000' | dd of="$img" bs=1 seek=$((512 + 16)) conv=notrunc status=none
crc32_of "$img" 512 92 | dd of="$img" bs=1 seek=$((512 + 16)) conv=notrunc status=none
check "  (the moved entry reads back: partition 1 from 8192)" \
	sh -c "sfdisk -d '$img' 2>/dev/null | grep -q 'start= *8192, size= *2048, type=21686148'"
cp "$img" "$scratch/orig"
refused "GPT: install refuses a BIOS boot partition overlapping another" "$img" --force
check "  ... names both" says "the BIOS boot partition (partition 1) overlaps partition 2"
check "  ... leaves the disk unchanged" cmp -s "$img" "$scratch/orig"

# --- Unpartitioned FAT32: the reserved sectors ----------------------------
# usb IMG RESERVED: a 64 MiB FAT32 volume over the whole disk.
usb() {
	rm -f "$1"
	truncate -s 64M "$1"
	mkfs.fat -F 32 -I -R "$2" "$1" >/dev/null
	mmd -i "$1" ::/boot
	mcopy -i "$1" "$scratch/my.cfg" ::/boot/ghostboot.cfg
}
img=$scratch/usb.img
usb "$img" $((K + 32))
cp "$img" "$scratch/orig"
install_ok "unpartitioned FAT32: install" "$img"
check "  ... puts stage 2 in the reserved sectors after the backup boot sector" \
	says "stage 2: $K sectors in the FAT volume's reserved sectors at LBA 8"
# Boot sector and its backup (sector 6): the jump (0..2) and code (90..509).
check "  ... writes only the boot code of sectors 0 and 6, sectors 8..$((K + 7)) and the undo record" \
	test "$(changed_outside "$scratch/orig" "$img" 0-2 90-509 3072-3074 3162-3581 "$(sectors 8 "$K")" "$(record "$img")")" -eq 0
check "  ... keeps the BPB (bytes 3..89), the signature and FSInfo (sector 1)" \
	test "$(bytes "$scratch/orig" 3 87)$(bytes "$scratch/orig" 510 514)" = \
	"$(bytes "$img" 3 87)$(bytes "$img" 510 514)"
check "  ... stage 1 is the volume boot record, its patch area at 0x1de" \
	test "$(dd if="$img" bs=1 skip=$VBR_PATCH count=4 status=none)" = GBS1
check "  ... fsck.fat -n finds it clean" quietly fsck.fat -n "$img"
cp "$img" "$scratch/installed"
install_ok "unpartitioned FAT32: install again" "$img"
check "  ... writes the same bytes" cmp -s "$img" "$scratch/installed"

# Data in the reserved sectors is kept: stage 2 goes around it, in two runs
# when it must (sector 8 + K/2 holds data here).
img=$scratch/usb-split.img
usb "$img" $((K + 10))
printf 'keep me' | dd of="$img" bs=512 seek=$((8 + K / 2)) conv=notrunc status=none
cp "$img" "$scratch/orig"
install_ok "reserved sectors holding data: install" "$img"
check "  ... puts stage 2 in two runs around it" says "in the FAT volume's reserved sectors, in two runs"
check "  ... keeps the data" test "$(dd if="$img" bs=512 skip=$((8 + K / 2)) count=1 status=none | head -c 7)" = "keep me"

img=$scratch/usb-small.img
usb "$img" 32
install_ok "unpartitioned FAT32 with 32 reserved sectors: install" "$img"
check "  ... says why stage 2 goes into a file" says "the FAT volume's 32 reserved sectors (BPB_RsvdSecCnt) hold"
check "  ... and stage 1 into the volume boot record" says "stage 1: the FAT volume's boot sector (its BPB kept)"
check "  ... fsck.fat -n finds it clean" quietly fsck.fat -n "$img"
refused "unpartitioned: --partition is refused" "$img" --partition 1
check "  ... says why" says "leave out --partition"

img=$scratch/floppy.img
rm -f "$img"
mkfs.fat -C -F 12 "$img" 1440 >/dev/null
mcopy -i "$img" "$scratch/my.cfg" ::/ghostboot.cfg
install_ok "1.44 MB floppy: install" "$img"
check "  ... sets no hard-disk flag: the BIOS's drive number is trusted" says "for a floppy (drive number from the BIOS)"

# --- MBR, DOS aligned: the 62-sector gap, else the file --------------------
# dos IMG START: an 8 MiB MBR disk, FAT16 (1-sector clusters) from START.
dos() {
	rm -f "$1"
	truncate -s 8M "$1"
	printf 'label: dos\nstart=%s, type=e\n' "$2" | sfdisk --quiet --no-reread --no-tell-kernel "$1"
	mkfs.fat -F 16 -s 1 --offset "$2" -h "$2" "$1" $(((8 * 2048 - $2) / 2)) >/dev/null 2>&1
	mcopy -i "$1@@$(($2 * 512))" "$scratch/my.cfg" ::/ghostboot.cfg
}
img=$scratch/dos.img
dos "$img" 63
fat_files "$img" 32256 "$scratch/before"
install_ok "DOS-aligned disk: install" "$img"
if [ "$K" -le 62 ]; then
	check "  ... puts stage 2 in the 62-sector gap" says "sectors in the gap after the MBR at LBA 1"
else
	check "  ... says the gap is too small, with the sizes" says "the gap after the MBR holds 62 sectors (partition 1 starts at sector 63), stage 2 needs $K: stage 2 goes into a file instead"
	check "  ... puts stage 2 in a file" says "in the file /boot/ghostboot/stage2.bin on partition 1"
fi
fat_files "$img" 32256 "$scratch/after"
check "  ... every file is unchanged" same_files "$scratch/before" "$scratch/after"
dd if="$img" of="$scratch/part" bs=512 skip=63 conv=sparse status=none
check "  ... fsck.fat -n finds the partition clean" quietly fsck.fat -n "$scratch/part"
cp "$scratch/out" "$scratch/first"
install_ok "DOS-aligned disk: install again" "$img"
check "  ... puts stage 2 where it was" cmp -s "$scratch/out" "$scratch/first"

# No room in the gap (the partition starts at sector 2) nor for a file.
# The volume is filled with one-sector files and a filler; deleting every
# other small file leaves only scattered free sectors.
img=$scratch/fragmented.img
dos "$img" 2
mmd -i "$img@@1024" ::/small
i=0
while [ $i -lt $((2 * K + 40)) ]; do
	printf 'x' >"$scratch/s$i"
	i=$((i + 1))
done
(cd "$scratch" && mcopy -i "$img@@1024" s[0-9]* ::/small/)
free=$(mdir -i "$img@@1024" ::/ | sed -n 's/ bytes free//p' | tr -cd '0-9')
head -c "$free" /dev/zero >"$scratch/filler"
mcopy -i "$img@@1024" "$scratch/filler" ::/filler
cp "$img" "$scratch/full.img"
i=0
while [ $i -lt $((2 * K + 40)) ]; do
	set -- "$@" "::/small/s$i"
	i=$((i + 2))
done
mdel -i "$img@@1024" "$@"
set --
fat_files "$img" 1024 "$scratch/before"
refused "no gap, and free space only in single sectors: install refuses" "$img"
check "  ... saying the gap is too small, with the sizes" says "no room for stage 2: the gap after the MBR holds 1 sector (partition 1 starts at sector 2), stage 2 needs $K"
check "  ... and that the file is fragmented" says "is fragmented into"
fat_files "$img" 1024 "$scratch/after"
check "  ... every file is unchanged" same_files "$scratch/before" "$scratch/after"
check "  ... no file of stage 2 is left" test ! -e "$scratch/after/boot"
dd if="$img" of="$scratch/part" bs=512 skip=2 conv=sparse status=none
check "  ... fsck.fat -n finds the partition clean" quietly fsck.fat -n "$scratch/part"

img=$scratch/full.img
cp "$img" "$scratch/orig"
refused "no gap and a full volume: install refuses" "$img"
check "  ... leaves the disk unchanged" cmp -s "$img" "$scratch/orig"

# Somebody else's file where stage 2's would go.
img=$scratch/taken.img
dos "$img" 2
mmd -i "$img@@1024" ::/boot ::/boot/ghostboot
printf 'not ours' >"$scratch/other"
mcopy -i "$img@@1024" "$scratch/other" ::/boot/ghostboot/stage2.bin
cp "$img" "$scratch/orig"
refused "install will not replace a foreign /boot/ghostboot/stage2.bin" "$img"
check "  ... says so" says "is not a ghostboot stage 2"
check "  ... leaves the disk unchanged" cmp -s "$img" "$scratch/orig"

# --- Unpartitioned ext: stage 1 in sector 0, stage 2 a file (debugfs) -----
mkdir -p "$scratch/tree/boot"
cp "$scratch/my.cfg" "$scratch/tree/boot/ghostboot.cfg"
img=$scratch/ext4.img
rm -f "$img"
mke2fs -q -F -t ext4 -d "$scratch/tree" "$img" 16M >/dev/null
cp "$img" "$scratch/orig"
install_ok "unpartitioned ext4: install" "$img"
check "  ... puts stage 2 in a file" says "stage 2: $K sectors in the file /boot/ghostboot/stage2.bin on the"
check "  ... and stage 1 in sector 0" says "stage 1: sector 0, the ext volume's boot block"
check "  ... sector 0: boot code, zeros at 440..509, 0x55AA" \
	test "$(bytes "$img" 440 72 | tr -d ' \n')" = "$(printf '%0140d' 0)55aa"
check "  ... e2fsck -fn finds the volume clean" quietly e2fsck -fn "$img"
debugfs -R "dump /boot/ghostboot/stage2.bin $scratch/file" "$img" >/dev/null 2>&1
dd if="$img" of="$scratch/runs" bs=512 skip="$(le "$img" $((PATCH + 8)) 8)" \
	count="$(le "$img" $((PATCH + 16)) 2)" status=none
check "  ... stage 1's first extent holds the start of the file" \
	cmp -s -n "$(stat -c %s "$scratch/runs")" "$scratch/file" "$scratch/runs"
cp "$scratch/out" "$scratch/first"
install_ok "unpartitioned ext4: install again" "$img"
check "  ... replaces its own file in place" cmp -s "$scratch/out" "$scratch/first"
check "  ... and the volume is still clean" quietly e2fsck -fn "$img"

img=$scratch/ext4-taken.img
cp "$scratch/orig" "$img"
printf 'x' | dd of="$img" bs=1 seek=446 conv=notrunc status=none
cp "$img" "$scratch/taken.orig"
refused "unpartitioned ext4 with data at byte 446 of sector 0: install refuses" "$img"
check "  ... says so" says "holds data at bytes 440..509"
check "  ... leaves the disk unchanged" cmp -s "$img" "$scratch/taken.orig"

finish
