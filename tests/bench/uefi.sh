#!/bin/sh
# The loaders under OVMF, for `make bench` (tests/build.mk, docs/performance.md):
# the Multiboot 1 kernel of compare.sh (tests/bench/mb_exit.asm), which
# stops the machine at once, with one module of PAYLOAD bytes, from a GPT
# disk whose EFI system partition (FAT32) holds everything, booted by
#   ghostboot  its UEFI loader, \EFI\BOOT\BOOTX64.EFI (mkimage --firmware uefi)
#   grub       Debian's GRUB for EFI (grub-efi-amd64-bin): grub-mkimage's
#              x86_64-efi image as \EFI\BOOT\BOOTX64.EFI, its configuration
#              built in, as grub-mkstandalone would make it without the memdisk
# in ROUNDS interleaved rounds on q35 with an AHCI disk; prints the median
# seconds from QEMU's start to the kernel's exit (TCG), which includes the
# firmware's own start.
#   uefi.sh DIR ROUNDS PAYLOAD_BYTES
set -eu
. tests/bench/lib.sh
dir=$1 rounds=$2 payload_bytes=$3
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
MTOOLSRC=/dev/null
export PATH MTOOLS_SKIP_CHECK MTOOLSRC

mkdir -p "$dir"
images=$dir/images
rm -rf "$images"
mkdir -p "$images"
size_mib=$(( payload_bytes / 1048576 * 2 + 64 ))

head -c "$payload_bytes" /dev/urandom >"$dir/payload.bin"
nasm -f elf32 -DPAYLOAD_BYTES="$payload_bytes" -o "$dir/mb_exit.o" tests/bench/mb_exit.asm
ld -m elf_i386 -n -Ttext=0x100000 -e _start -o "$dir/mb_exit.elf" "$dir/mb_exit.o"

printf 'timeout 0\nentry bench\n  protocol multiboot1\n  kernel /boot/kernel.elf\n  module /boot/payload.bin\n' \
	>"$dir/ghostboot.cfg"
"$GHOSTBOOT" mkimage -o "$images/ghostboot.img" --table gpt --firmware uefi --fs fat32 \
	--size "${size_mib}M" --config "$dir/ghostboot.cfg" --add "$dir/mb_exit.elf=/boot/kernel.elf" \
	--add "$dir/payload.bin=/boot/payload.bin" >/dev/null

# GRUB's image on a copy of ghostboot's disk, in place of ghostboot's loader.
printf 'search --no-floppy --file --set=root /boot/kernel.elf\nmultiboot /boot/kernel.elf\nmodule /boot/payload.bin\nboot\n' \
	>"$dir/grub.cfg"
grub-mkimage -O x86_64-efi -o "$dir/grubx64.efi" -p /EFI/BOOT -c "$dir/grub.cfg" part_gpt fat \
	search search_fs_file multiboot boot
cp "$images/ghostboot.img" "$images/grub.img"
mcopy -o -i "$images/grub.img@@2M" "$dir/grubx64.efi" ::/EFI/BOOT/BOOTX64.EFI

echo "UEFI loaders: a Multiboot 1 kernel and a module of $payload_bytes bytes under OVMF (q35," \
	"AHCI), $rounds interleaved rounds, median seconds from QEMU's start to the kernel's exit (TCG)"
names="ghostboot grub"
times=$dir/times
: >"$times"
round=1
while [ "$round" -le "$rounds" ]; do
	for name in $names; do
		start=$(date +%s.%N)
		if ! "$GHOSTBOOT" test "$images/$name.img" --firmware uefi --machine q35 --disk ahci \
			--memory "$(( size_mib * 2 + 256 ))M" --timeout 300 --log "$dir/serial.log" \
			>"$dir/out" 2>&1; then
			echo "  $name failed: $(head -n 1 "$dir/out")" >&2
			continue
		fi
		end=$(date +%s.%N)
		echo "$name $(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')" >>"$times"
	done
	round=$((round + 1))
done

grub=$(awk '$1 == "grub" { print $2 }' "$times" | median)
echo
echo "| q35:ahci, OVMF | seconds | x GRUB |"
echo "|---|---|---|"
for name in $names; do
	t=$(awk -v n="$name" '$1 == n { print $2 }' "$times" | median)
	[ -n "$t" ] || { echo "| $name | failed | |"; continue; }
	awk -v n="$name" -v t="$t" -v g="${grub:-0}" 'BEGIN {
		printf "| %s | %.2f | %s |\n", n, t, (g > 0 ? sprintf("%.2f", t / g) : "-") }'
done
