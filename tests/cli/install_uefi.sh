#!/bin/sh
# `ghostboot install --firmware uefi` (docs/install.md "The UEFI loader"):
# the loader copied onto an EFI system partition that GRUB's EFI build
# (Debian's grub-efi-amd64-bin, laid out by mtools) already uses, every
# other file unchanged (checksums before and after), the image then booting
# under OVMF; --verify; another loader's BOOTX64.EFI, a full ESP and a disk
# without one refused by name, the image left as it was.
. tests/lib.sh

GRUB_EFI=/usr/lib/grub/x86_64-efi
EFI=$BUILD/uefi/BOOTX64.EFI

says() { grep -qF -- "$1" "$scratch/out"; }

# esp_image IMG MIB: a GPT with one EFI system partition from 1 MiB, FAT.
esp_image() {
	truncate -s "$2M" "$1"
	printf 'label: gpt\nstart=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\n' |
		sfdisk -q "$1" >/dev/null 2>&1
	mkfs.fat -F 16 --offset 2048 "$1" $((($2 - 2) * 1024)) >/dev/null 2>&1 ||
		mkfs.fat -F 12 --offset 2048 "$1" $((($2 - 2) * 1024)) >/dev/null 2>&1
}

# sums IMG: a checksum line for every file on the ESP, by path.
sums() {
	rm -rf "$scratch/tree"
	mkdir "$scratch/tree"
	mcopy -s -n -i "$1@@1M" ::/ "$scratch/tree/" 2>/dev/null
	(cd "$scratch/tree" && find . -type f -exec sha256sum {} + | sort -k 2)
}

# GRUB's EFI image and part of its module tree, as grub-install lays them out.
grub-mkimage -O x86_64-efi -p /EFI/debian -o "$scratch/grubx64.efi" part_gpt fat normal \
	linux >/dev/null 2>&1 || not_ok "grub-mkimage for x86_64-efi"
printf 'set timeout=5\nmenuentry Debian { linux /vmlinuz }\n' >"$scratch/grub.cfg"
printf 'timeout 0\nentry sample\n    kernel /boot/kernel.elf\n    cmdline selftest\n' \
	>"$scratch/ghostboot.cfg"

img=$scratch/esp.img
esp_image "$img" 64
mmd -i "$img@@1M" ::/EFI ::/EFI/debian ::/EFI/debian/x86_64-efi ::/boot
mcopy -i "$img@@1M" "$scratch/grubx64.efi" "$scratch/grub.cfg" ::/EFI/debian/
mcopy -i "$img@@1M" "$GRUB_EFI/normal.mod" "$GRUB_EFI/linux.mod" "$GRUB_EFI/fat.mod" \
	::/EFI/debian/x86_64-efi/
mcopy -i "$img@@1M" "$scratch/ghostboot.cfg" "$BUILD/kernel/kernel.elf" ::/boot/
sums "$img" >"$scratch/before"

if "$GHOSTBOOT" install "$img" --firmware uefi >"$scratch/out" 2>&1; then
	ok "install --firmware uefi onto an ESP that GRUB uses"
else
	not_ok "install --firmware uefi onto an ESP that GRUB uses: $(cat "$scratch/out")"
fi
check "  ... says where the loader went and that nothing else changed" \
	says "ghostboot: UEFI loader: /EFI/BOOT/BOOTX64.EFI ($(stat -c %s "$EFI") bytes) on partition 1, the EFI system partition of $img, which held nothing there; no other file changed"
sums "$img" >"$scratch/after"
check "  ... every other file keeps its checksum ($(wc -l <"$scratch/before") files)" \
	sh -c "grep -v './EFI/BOOT/BOOTX64.EFI' '$scratch/after' | cmp -s - '$scratch/before'"
check "  ... the loader is this build's" \
	grep -q "^$(sha256sum <"$EFI" | cut -d' ' -f1)  ./EFI/BOOT/BOOTX64.EFI" "$scratch/after"
check "  ... no stage 1 written (--firmware uefi)" \
	sh -c "! '$GHOSTBOOT' install --verify '$img' >/dev/null 2>&1"
if "$GHOSTBOOT" install --verify --firmware uefi "$img" >"$scratch/out" 2>&1; then
	ok "install --verify --firmware uefi: intact"
else
	not_ok "install --verify --firmware uefi: $(cat "$scratch/out")"
fi
check "  ... names the partition" says "on partition 1 is intact"
cp "$img" "$scratch/again.img"
check "install --firmware uefi a second time: nothing to write" \
	sh -c "'$GHOSTBOOT' install '$scratch/again.img' --firmware uefi >'$scratch/out' 2>&1 && cmp -s '$img' '$scratch/again.img'"
check "  ... says it was there" says "which held this version's there"
boots "the ESP boots the sample kernel under OVMF" "$img" --firmware uefi \
	--expect "ghostboot UEFI" --expect "SELFTEST PASS"

# A loader damaged after install: --verify says so.
cp "$img" "$scratch/damaged.img"
printf 'X' >"$scratch/x"
mcopy -o -i "$scratch/damaged.img@@1M" "$scratch/x" ::/EFI/BOOT/BOOTX64.EFI
expect_error "install --verify --firmware uefi: a damaged loader fails" "$GHOSTBOOT" install \
	--verify --firmware uefi "$scratch/damaged.img"
check "  ... naming it" err_says "differs from this version's"

# GRUB's removable install put its own \EFI\BOOT\BOOTX64.EFI there.
img=$scratch/removable.img
esp_image "$img" 64
mmd -i "$img@@1M" ::/EFI ::/EFI/BOOT ::/boot
mcopy -i "$img@@1M" "$scratch/grubx64.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$img@@1M" "$scratch/ghostboot.cfg" ::/boot/
cp "$img" "$scratch/orig.img"
expect_error "another loader's BOOTX64.EFI: refused" "$GHOSTBOOT" install "$img" --firmware uefi
check "  ... naming it and --force" err_says "already holds /EFI/BOOT/BOOTX64.EFI, another loader's: --force replaces it"
check "  ... the image unchanged" cmp -s "$img" "$scratch/orig.img"
check "install --firmware uefi --force replaces it" \
	sh -c "'$GHOSTBOOT' install '$img' --firmware uefi --force >'$scratch/out' 2>&1"
check "  ... saying whose it was" says "which held another loader's there"

# An ESP without room: filled up with a file.
img=$scratch/full.img
esp_image "$img" 4
mmd -i "$img@@1M" ::/boot
mcopy -i "$img@@1M" "$scratch/ghostboot.cfg" ::/boot/
free=$(mdir -i "$img@@1M" ::/ | sed -n 's/ bytes free//p' | tr -d ' ')
head -c $((free - 16384)) /dev/zero >"$scratch/filler"
mcopy -i "$img@@1M" "$scratch/filler" ::/filler
cp "$img" "$scratch/orig.img"
expect_error "an ESP without room: refused" "$GHOSTBOOT" install "$img" --firmware uefi
check "  ... naming the partition and the room" \
	err_says "no room on partition 1, the EFI system partition for the UEFI loader"
check "  ... the image unchanged" cmp -s "$img" "$scratch/orig.img"

# No EFI system partition: an MBR with a FAT32 (0x0c) partition.
img=$scratch/mbr.img
$GHOSTBOOT mkimage -o "$img" --table mbr --size 40M --fs fat32 --kernel "$BUILD/kernel/kernel.elf" \
	>/dev/null 2>&1 || not_ok "mkimage of the MBR image"
cp "$img" "$scratch/orig.img"
expect_error "no EFI system partition: refused" "$GHOSTBOOT" install "$img" --firmware uefi
check "  ... saying what it looked for" err_says "has no EFI system partition"
check "  ... the image unchanged" cmp -s "$img" "$scratch/orig.img"
finish
