#!/bin/sh
# Chainloading (docs/linux.md): ghostboot on partition 1 starts the test
# suite's own boot sector (tests/boot/chainload/report.asm), which prints
# the registers and the partition entry it was started with and exits
# through port 0xf4: from partition 2, from a second disk, from a file.
# A sector without the 0x55AA signature is refused unless `nosignature`;
# a partition that does not exist is named. And a real third-party volume
# boot record: Debian's SYSLINUX on partition 2 starts and prints its banner.
. tests/lib.sh

REPORT=$BUILD/tests/chainload/report.bin
NOSIG=$BUILD/tests/chainload/report-nosig.bin
# What every chainloaded sector must see: real mode as a BIOS leaves it.
# QEMU's BIOS leaves A20 open, so stage 2 leaves it so.
STATE="CHAINLOADED CS=0000 IP=7C00 DS=0000 ES=0000 SS=0000 SP=7C00 IF=1 A20=1"

# le32 N: N as the 8 hex digits of its little-endian bytes, as ENTRY= prints.
le32() { printf '%08X' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'; }
# entry TYPE LBA COUNT: the synthetic MBR entry stage 2 points DS:SI at.
entry() { printf '80FEFFFF%02XFEFFFF%s%s' "$1" "$(le32 "$2")" "$(le32 "$3")"; }

P1_START=2048 P1_SECTORS=133120 P2_START=135168 P2_SECTORS=16384
img=$scratch/chain.img
truncate -s 80M "$img"
printf 'start=%s, size=%s, type=c\nstart=%s, size=%s, type=83\n' \
	$P1_START $P1_SECTORS $P2_START $P2_SECTORS |
	sfdisk --quiet --no-reread --no-tell-kernel "$img" >/dev/null
mkfs.fat -F 32 --offset $P1_START -h $P1_START "$img" $((P1_SECTORS / 2)) >/dev/null 2>&1
mmd -i "$img@@$((P1_START * 512))" ::/boot
mcopy -i "$img@@$((P1_START * 512))" "$REPORT" ::/boot/report.bin
mcopy -i "$img@@$((P1_START * 512))" "$NOSIG" ::/boot/nosig.bin
dd if="$REPORT" of="$img" bs=512 seek=$P2_START conv=notrunc status=none


# configure LINE: the image's only entry chainloads as LINE says.
configure() {
	printf 'timeout 0\nserial 115200\nentry chain\n    %s\n' "$1" >"$scratch/ghostboot.cfg"
	mcopy -o -i "$img@@$((P1_START * 512))" "$scratch/ghostboot.cfg" ::/boot/ghostboot.cfg
}

# refused NAME TEXT: the boot must stop with TEXT, word for word.
refused() {
	if out=$($GHOSTBOOT test "$img" --timeout 60 --log "$scratch/refused.log" 2>&1); then
		not_ok "$1: booted"
	elif grep -qF -- "ghostboot: error: $2" "$scratch/refused.log"; then
		ok "$1"
	else
		not_ok "$1: expected '$2'; got: $out"
	fi
}

configure "chainload partition 2"
$GHOSTBOOT install "$img" --partition 1 >/dev/null
boots "chainload partition 2: DL=80, DS:SI the partition's entry" "$img" \
	--expect "$STATE DL=80 ENTRY=$(entry 0x83 $P2_START $P2_SECTORS)"

disk2=$scratch/disk2.img
truncate -s 1M "$disk2"
dd if="$REPORT" of="$disk2" conv=notrunc status=none
configure "chainload disk 1"
boots "chainload disk 1: the second disk's sector, DL=81" "$img" \
	--expect "$STATE DL=81 ENTRY=00000000000000000000000000000000" \
	-- -drive "file=$disk2,format=raw,if=ide,index=1"

configure "chainload /boot/report.bin"
boots "chainload FILE: DL=80, DS:SI the boot partition's entry" "$img" \
	--expect "$STATE DL=80 ENTRY=$(entry 0x0c $P1_START $P1_SECTORS)"

boots "chainload FILE on a 486 ISA PC" "$img" --machine isapc --cpu 486 \
	--expect "$STATE DL=80 ENTRY=$(entry 0x0c $P1_START $P1_SECTORS)"

configure "chainload /boot/nosig.bin"
refused "a sector without 0x55AA is refused" \
	"chainload /boot/nosig.bin: no 0x55AA boot signature at the end of its first sector (nosignature boots it anyway)"
configure "chainload /boot/nosig.bin nosignature"
boots "with nosignature it boots" "$img" --expect "$STATE DL=80"

configure "chainload /boot/report.bin sha256=$(sha256sum "$REPORT" | cut -c1-64)"
boots "chainload FILE with its sha256= pin" "$img" --expect "$STATE DL=80"
configure "chainload /boot/report.bin sha256=$(printf '0%.0s' $(seq 64))"
refused "chainload FILE that does not match its pin is refused" \
	"chainload /boot/report.bin: contents do not match the sha256= pin"

configure "chainload partition 3"
refused "a partition that does not exist is named" \
	"chainload partition 3: not in the partition table of the boot disk"
configure "chainload disk 3"
refused "a disk that does not exist is named" \
	"chainload disk 3: the BIOS reports neither extensions nor a geometry for it"

# A logical partition: the entry carries its absolute LBA, as a volume boot
# record on it reads its own start from there.
logical=$scratch/logical.img
L_START=$((P2_START + 2048))
truncate -s 80M "$logical"
printf 'start=%s, size=%s, type=c\nstart=%s, size=%s, type=5\nstart=%s, size=%s, type=83\n' \
	$P1_START $P1_SECTORS $P2_START $P2_SECTORS $L_START $((P2_SECTORS - 2048)) |
	sfdisk --quiet --no-reread --no-tell-kernel "$logical" >/dev/null
dd if="$img" of="$logical" bs=512 skip=$P1_START seek=$P1_START count=$P1_SECTORS conv=notrunc status=none
dd if="$REPORT" of="$logical" bs=512 seek=$L_START conv=notrunc status=none
printf 'timeout 0\nserial 115200\nentry chain\n    chainload partition 5\n' >"$scratch/ghostboot.cfg"
mcopy -o -i "$logical@@$((P1_START * 512))" "$scratch/ghostboot.cfg" ::/boot/ghostboot.cfg
if $GHOSTBOOT install "$logical" --partition 1 >/dev/null 2>&1; then
	boots "chainload logical partition 5: DS:SI its entry with the absolute LBA" "$logical" \
		--expect "$STATE DL=80 ENTRY=$(entry 0x83 $L_START $((P2_SECTORS - 2048)))"
else
	not_ok "logical partition chainload: install failed"
fi

# GPT: the synthetic entry has type 0 and the partition's LBA.
gpt=$scratch/gpt.img
truncate -s 80M "$gpt"
printf 'label: gpt\nstart=2048, size=2048, type=%s\nstart=4096, size=%s, type=%s\nstart=%s, size=%s, type=%s\n' \
	$BIOS_BOOT $((P2_START - 4096)) $BASIC_DATA $P2_START $P2_SECTORS $LINUX_DATA |
	sfdisk --quiet --no-reread --no-tell-kernel "$gpt" >/dev/null
mkfs.fat -F 32 --offset 4096 -h 4096 "$gpt" $(((P2_START - 4096) / 2)) >/dev/null 2>&1
mmd -i "$gpt@@$((4096 * 512))" ::/boot
printf 'timeout 0\nserial 115200\nentry chain\n    chainload partition 3\n' >"$scratch/ghostboot.cfg"
mcopy -i "$gpt@@$((4096 * 512))" "$scratch/ghostboot.cfg" ::/boot/ghostboot.cfg
dd if="$REPORT" of="$gpt" bs=512 seek=$P2_START conv=notrunc status=none
if $GHOSTBOOT install "$gpt" --partition 2 >/dev/null; then
	boots "chainload a GPT partition: DS:SI a synthetic entry with its LBA" "$gpt" \
		--expect "$STATE DL=80 ENTRY=$(entry 0 $P2_START $P2_SECTORS)"
else
	not_ok "GPT chainload: install failed"
fi

# SYSLINUX installed (by its mtools installer, no root) on a FAT16 partition 2.
sl=$scratch/syslinux.img
truncate -s 80M "$sl"
printf 'start=2048, size=100352, type=c\nstart=102400, size=61440, type=6\n' |
	sfdisk --quiet --no-reread --no-tell-kernel "$sl" >/dev/null
mkfs.fat -F 32 --offset 2048 -h 2048 "$sl" 50176 >/dev/null 2>&1
mkfs.fat -F 16 --offset 102400 -h 102400 "$sl" 30720 >/dev/null 2>&1
printf 'SERIAL 0 115200\nPROMPT 1\nTIMEOUT 0\n' >"$scratch/syslinux.cfg"
mcopy -i "$sl@@$((102400 * 512))" "$scratch/syslinux.cfg" ::/syslinux.cfg
printf 'timeout 0\nserial 115200\nentry syslinux\n    chainload partition 2\n' >"$scratch/ghostboot.cfg"
mmd -i "$sl@@1M" ::/boot
mcopy -i "$sl@@1M" "$scratch/ghostboot.cfg" ::/boot/ghostboot.cfg
if syslinux --install --offset $((102400 * 512)) "$sl" >"$scratch/syslinux.log" 2>&1 &&
	$GHOSTBOOT install "$sl" --partition 1 >/dev/null; then
	# Its banner comes from ldlinux.sys, which the boot sector found
	# through the partition's LBA. (Its "boot:" prompt cannot be told from
	# stage 2's own "ghostboot:" lines.)
	boots "SYSLINUX's volume boot record on partition 2 loads SYSLINUX" "$sl" \
		--expect "SYSLINUX " --pass "H. Peter Anvin"
	# SYSLINUX reads through the BIOS: stage 2's disk driver must have
	# given the controller back as the BIOS left it (docs/stage2.md).
	boots "SYSLINUX loads after stage 2's AHCI driver gave the disk back" "$sl" \
		--machine q35 --disk ahci --expect "ghostboot: disk: AHCI port " \
		--expect "SYSLINUX " --pass "H. Peter Anvin"
	boots "SYSLINUX loads after stage 2's virtio-blk driver gave the disk back" "$sl" \
		--machine q35 --disk virtio --expect "ghostboot: disk: virtio-blk at " \
		--expect "SYSLINUX " --pass "H. Peter Anvin"
	boots "SYSLINUX loads after stage 2's IDE driver gave the disk back" "$sl" \
		--machine pc --disk ide --expect "ghostboot: disk: IDE port 0 at " \
		--expect "SYSLINUX " --pass "H. Peter Anvin"
else
	not_ok "SYSLINUX: install failed: $(cat "$scratch/syslinux.log")"
fi

finish
