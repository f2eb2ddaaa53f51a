#!/bin/sh
# The Linux half of `make bench` (tests/build.mk): the seconds from QEMU's
# start to the first line of the initramfs's /init (tests/boot/linux/init.c),
# Debian's kernel booted with the same two initrd archives and command line
# by ghostboot, GRUB (grub-pc-bin: its boot.img in the MBR, a core image
# with the configuration built in, in the gap after it) and SYSLINUX (its
# MBR, the volume boot record `syslinux --install` writes), each from the
# same FAT32 partition; the loaders taken in turn, RUNS rounds, medians, on
# `-machine pc` with IDE and `q35` with virtio.
#   linux.sh INIT RUNS
set -eu
. tests/bench/lib.sh
init=$1 runs=$2
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
MTOOLSRC=/dev/null
export PATH MTOOLS_SKIP_CHECK MTOOLSRC
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

kernel=$(scripts/fetch-linux.sh)
sh tests/boot/linux/initramfs.sh "$scratch" "$init"
cmdline="console=ttyS0 gbmem=256"

# GRUB is the benchmark's own dependency, not the tests'.
if ! command -v grub-mkimage >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq grub-pc-bin >/dev/null
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq grub-pc-bin >/dev/null
	fi
fi


# fat_image IMG [bootable]: 64 MiB, a FAT32 partition from 1 MiB holding the
# kernel and the archives.
fat_image() {
	truncate -s 64M "$1"
	printf 'start=2048, type=c%s\n' "${2:+, bootable}" |
		sfdisk --quiet --no-reread --no-tell-kernel "$1" >/dev/null
	mkfs.fat -F 32 --offset 2048 -h 2048 "$1" 64512 >/dev/null 2>&1
	mmd -i "$1@@1M" ::/boot
	mcopy -i "$1@@1M" "$kernel" ::/boot/vmlinuz
	mcopy -i "$1@@1M" "$scratch/first.cpio" "$scratch/second.cpio" ::/boot/
}

loaders="ghostboot"
"$GHOSTBOOT" mkimage -o "$scratch/ghostboot.img" --linux "$kernel" --initrd "$scratch/first.cpio" \
	--initrd "$scratch/second.cpio" --cmdline "$cmdline" >/dev/null

if command -v grub-mkimage >/dev/null 2>&1 && [ -f /usr/lib/grub/i386-pc/boot.img ]; then
	fat_image "$scratch/grub.img"
	cat >"$scratch/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_output serial
set root=(hd0,msdos1)
linux /boot/vmlinuz $cmdline
initrd /boot/first.cpio /boot/second.cpio
boot
CFG
	grub-mkimage -O i386-pc -o "$scratch/core.img" -c "$scratch/grub.cfg" \
		-p '(hd0,msdos1)/boot/grub' biosdisk part_msdos fat linux serial terminal
	dd if=/usr/lib/grub/i386-pc/boot.img of="$scratch/grub.img" bs=446 count=1 conv=notrunc status=none
	dd if="$scratch/core.img" of="$scratch/grub.img" bs=512 seek=1 conv=notrunc status=none
	loaders="$loaders grub"
else
	echo "(GRUB left out: install grub-pc-bin)"
fi

if command -v syslinux >/dev/null 2>&1 && [ -f /usr/lib/syslinux/mbr/mbr.bin ]; then
	fat_image "$scratch/syslinux.img" bootable
	printf 'SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  LINUX /boot/vmlinuz\n  INITRD /boot/first.cpio,/boot/second.cpio\n  APPEND %s\n' \
		"$cmdline" >"$scratch/syslinux.cfg"
	mcopy -i "$scratch/syslinux.img@@1M" "$scratch/syslinux.cfg" ::/syslinux.cfg
	syslinux --install --offset $((2048 * 512)) "$scratch/syslinux.img"
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$scratch/syslinux.img" bs=440 count=1 conv=notrunc status=none
	loaders="$loaders syslinux"
else
	echo "(SYSLINUX left out: install syslinux)"
fi

# boot LOADER MACHINE DISK: seconds from QEMU's start to /init's first line.
boot() {
	start=$(date +%s.%N)
	"$GHOSTBOOT" test "$scratch/$1.img" --timeout 300 --memory 256M --machine "$2" --disk "$3" \
		--pass GBINIT >/dev/null 2>&1 || { echo fail; return; }
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.2f\n", $2 - $1 }'
}

echo "Linux $(basename "$kernel" | sed 's/^vmlinuz-//') to its initramfs's first line under QEMU (TCG), median of $runs:"
for machine in pc:ide q35:virtio; do
	for loader in $loaders; do : >"$scratch/$loader.times"; done
	round=0
	while [ "$round" -lt "$runs" ]; do
		for loader in $loaders; do
			boot "$loader" "${machine%:*}" "${machine#*:}" >>"$scratch/$loader.times"
		done
		round=$((round + 1))
	done
	for loader in $loaders; do
		if grep -q fail "$scratch/$loader.times"; then
			result="a boot failed"
		else
			result="$(median <"$scratch/$loader.times") s"
		fi
		printf '  -machine %-4s %-7s %-10s %s\n' "${machine%:*}" "${machine#*:}" "$loader" "$result"
	done
done
