#!/bin/sh
# The loader comparison of `make bench` (tests/build.mk, docs/performance.md):
# the same payload, a Multiboot 1 kernel that stops the machine at once
# (tests/bench/mb_exit.asm), passing only when it got its module, with one
# module of PAYLOAD bytes, loaded by
#   raw        a boot sector that only reads the payload's sectors through
#              the BIOS (tests/bench/raw_read.asm): the limit
#   syslinux   Debian's SYSLINUX (mboot.c32) from FAT32
#   grub       Debian's GRUB (core.img in the MBR gap) from FAT32 and ext4
#   ghostboot  from FAT32 and ext4, the module pinned by SHA-256 or not,
#              as a raw file beside the sample kernel (native protocol),
#              as the one segment of a kernel (tests/bench/kernel_exit.asm,
#              native protocol), pinned or not, and as the data of a module
#              linked at boot (tests/bench/payload_module.c), pinned or not
# on each machine and disk, in ROUNDS interleaved rounds; prints medians, and
# ratios to raw, to SYSLINUX and to GRUB from FAT32.
#   compare.sh DIR ROUNDS PAYLOAD_BYTES "MACHINE:DISK ..."
set -eu
. tests/bench/lib.sh
dir=$1 rounds=$2 payload_bytes=$3 setups=$4
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
BUILD=${BUILD:-build}
PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
MTOOLSRC=/dev/null
export PATH MTOOLS_SKIP_CHECK MTOOLSRC
SYSLINUX_MODULES=/usr/lib/syslinux/modules/bios
GRUB_DIR=/usr/lib/grub/i386-pc

mkdir -p "$dir"
images=$dir/images
rm -rf "$images"
mkdir -p "$images"
size_mib=$(( payload_bytes / 1048576 * 2 + 64 ))

# The payload: random bytes, so no layer can compress or skip them.
head -c "$payload_bytes" /dev/urandom >"$dir/payload.bin"
sectors=$(( (payload_bytes + 511) / 512 ))
nasm -f bin -DSECTORS="$sectors" -o "$dir/raw_read.bin" tests/bench/raw_read.asm
nasm -f elf32 -DPAYLOAD_BYTES="$payload_bytes" -o "$dir/mb_exit.o" tests/bench/mb_exit.asm
# -n: one segment at 1 MiB, no headers page below it, which SYSLINUX refuses.
ld -m elf_i386 -n -Ttext=0x100000 -e _start -o "$dir/mb_exit.elf" "$dir/mb_exit.o"
nasm -f elf64 -DPAYLOAD="'$dir/payload.bin'" -o "$dir/kernel_exit.o" tests/bench/kernel_exit.asm
ld -m elf_x86_64 -n -Ttext=0x100000 -e _start -o "$dir/kernel_exit.elf" "$dir/kernel_exit.o"
# The payload as the data of a module: its init checks the size and ends.
first=$(od -An -tu1 -N1 "$dir/payload.bin" | tr -d ' ')
last=$(tail -c 1 "$dir/payload.bin" | od -An -tu1 | tr -d ' ')
# shellcheck disable=SC2086
${CC:-gcc} $KERNEL_CFLAGS -DPAYLOAD_BYTES="$payload_bytes" -DPAYLOAD_FIRST="$first" \
	-DPAYLOAD_LAST="$last" -c tests/bench/payload_module.c -o "$dir/payload_module.o"
(cd "$dir" && objcopy -I binary -O elf64-x86-64 -B i386:x86-64 \
	--rename-section .data=.data.payload,alloc,load,data,contents payload.bin payload_data.o)
ld -m elf_x86_64 -r -z noexecstack -o "$dir/payload.gbm" "$dir/payload_module.o" "$dir/payload_data.o"

# A disk of SIZE MiB with one partition from 1 MiB of type TYPE, formatted.
# disk IMAGE fat32|ext4
disk() {
	rm -f "$1"
	truncate -s "${size_mib}M" "$1"
	case $2 in
	fat32)
		echo 'start=2048, type=c, bootable' | sfdisk -q "$1"
		mkfs.fat -F 32 --offset 2048 "$1" $(( (size_mib - 1) * 1024 )) >/dev/null
		mmd -i "$1@@1M" ::/boot
		mcopy -i "$1@@1M" "$dir/mb_exit.elf" ::/boot/kernel.elf
		mcopy -i "$1@@1M" "$dir/payload.bin" ::/boot/payload.bin
		;;
	ext4)
		echo 'start=2048, type=83, bootable' | sfdisk -q "$1"
		mkdir -p "$dir/tree/boot"
		cp "$dir/mb_exit.elf" "$dir/tree/boot/kernel.elf"
		cp "$dir/payload.bin" "$dir/tree/boot/payload.bin"
		mke2fs -q -t ext4 -d "$dir/tree" -E offset=1048576 "$1" "$(( size_mib - 1 ))M"
		rm -rf "$dir/tree"
		;;
	esac
}

raw_image() {
	rm -f "$1"
	truncate -s "${size_mib}M" "$1"
	dd if="$dir/raw_read.bin" of="$1" conv=notrunc status=none
	dd if="$dir/payload.bin" of="$1" bs=512 seek=1 conv=notrunc status=none
}

syslinux_image() {
	disk "$1" fat32
	mmd -i "$1@@1M" ::/boot/syslinux
	printf 'DEFAULT bench\nLABEL bench\n  KERNEL mboot.c32\n  APPEND /boot/kernel.elf --- /boot/payload.bin\n' \
		>"$dir/syslinux.cfg"
	mcopy -i "$1@@1M" "$dir/syslinux.cfg" "$SYSLINUX_MODULES/mboot.c32" \
		"$SYSLINUX_MODULES/libcom32.c32" ::/boot/syslinux/
	syslinux --install --offset 1048576 --directory /boot/syslinux "$1"
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$1" bs=440 count=1 conv=notrunc status=none
}

# GRUB as its installer lays it out on an MBR disk: boot.img in the MBR
# pointing at core.img in the gap (LBA 1), the configuration built in.
grub_image() {
	disk "$1" "$2"
	modules="biosdisk part_msdos multiboot $([ "$2" = fat32 ] && echo fat || echo ext2)"
	printf 'set root=(hd0,msdos1)\nmultiboot /boot/kernel.elf\nmodule /boot/payload.bin\nboot\n' \
		>"$dir/grub.cfg"
	# shellcheck disable=SC2086
	grub-mkimage -O i386-pc -o "$dir/core.img" -p '(hd0,msdos1)/boot/grub' -c "$dir/grub.cfg" \
		$modules
	dd if="$GRUB_DIR/boot.img" of="$1" bs=440 count=1 conv=notrunc status=none
	printf '\1\0\0\0\0\0\0\0' | dd of="$1" bs=1 seek=$((0x5c)) conv=notrunc status=none
	dd if="$dir/core.img" of="$1" bs=512 seek=1 conv=notrunc status=none
}

# ghostboot_image IMAGE FS pinned|plain|bios|native|kernel|kernel-pinned|module|module-pinned
# (bios: plain with `disk bios`, the native disk drivers off; kernel: the
# payload as a kernel's segment; module: as a module's data, beside the
# sample kernel)
ghostboot_image() {
	disk "$1" "$2"
	case $3 in
	pinned)
		pin="sha256=$(sha256sum "$dir/payload.bin" | cut -d' ' -f1)"
		printf 'timeout 0\nentry bench\n  protocol multiboot1\n  kernel /boot/kernel.elf\n  module /boot/payload.bin %s\n' \
			"$pin" >"$dir/ghostboot.cfg"
		;;
	plain | bios)
		{
			[ "$3" = plain ] || echo 'disk bios'
			printf 'timeout 0\nentry bench\n  protocol multiboot1\n  kernel /boot/kernel.elf\n  module /boot/payload.bin\n'
		} >"$dir/ghostboot.cfg"
		;;
	native)
		printf 'timeout 0\nentry bench\n  kernel /boot/extra.elf\n  cmdline selftest\n  file /boot/payload.bin\n' \
			>"$dir/ghostboot.cfg"
		extra=$BUILD/kernel/kernel.elf
		;;
	kernel | kernel-pinned)
		pin=""
		[ "$3" = kernel ] || pin="sha256=$(sha256sum "$dir/kernel_exit.elf" | cut -d' ' -f1)"
		printf 'timeout 0\nentry bench\n  kernel /boot/extra.elf %s\n' "$pin" >"$dir/ghostboot.cfg"
		extra=$dir/kernel_exit.elf
		;;
	module | module-pinned)
		pin=""
		[ "$3" = module ] || pin="sha256=$(sha256sum "$dir/payload.gbm" | cut -d' ' -f1)"
		printf 'timeout 0\nentry bench\n  kernel /boot/extra.elf\n  cmdline selftest expect-modules=1\n  module /boot/payload.gbm %s\n' \
			"$pin" >"$dir/ghostboot.cfg"
		extra=$BUILD/kernel/kernel.elf module=$dir/payload.gbm
		;;
	esac
	if [ "$2" = fat32 ]; then
		mcopy -i "$1@@1M" "$dir/ghostboot.cfg" ::/boot/ghostboot.cfg
		[ -z "${extra:-}" ] || mcopy -i "$1@@1M" "$extra" ::/boot/extra.elf
		[ -z "${module:-}" ] || mcopy -i "$1@@1M" "$module" ::/boot/payload.gbm
	else
		debugfs -w -R "write $dir/ghostboot.cfg /boot/ghostboot.cfg" "$1?offset=1048576" \
			>/dev/null 2>&1
		[ -z "${extra:-}" ] || debugfs -w -R "write $extra /boot/extra.elf" \
			"$1?offset=1048576" >/dev/null 2>&1
		[ -z "${module:-}" ] || debugfs -w -R "write $module /boot/payload.gbm" \
			"$1?offset=1048576" >/dev/null 2>&1
	fi
	extra="" module=""
	"$GHOSTBOOT" install "$1" >/dev/null
}

echo "loader comparison: a Multiboot 1 kernel and a module of $payload_bytes bytes," \
	"$rounds interleaved rounds, median seconds from QEMU's start to the kernel's exit (TCG)"
raw_image "$images/raw.img"
syslinux_image "$images/syslinux.img"
grub_image "$images/grub-fat32.img" fat32
grub_image "$images/grub-ext4.img" ext4
ghostboot_image "$images/ghostboot-fat32.img" fat32 plain
ghostboot_image "$images/ghostboot-fat32-bios.img" fat32 bios
ghostboot_image "$images/ghostboot-fat32-pinned.img" fat32 pinned
ghostboot_image "$images/ghostboot-ext4.img" ext4 plain
ghostboot_image "$images/ghostboot-ext4-pinned.img" ext4 pinned
ghostboot_image "$images/ghostboot-fat32-native-file.img" fat32 native
ghostboot_image "$images/ghostboot-fat32-kernel.img" fat32 kernel
ghostboot_image "$images/ghostboot-fat32-kernel-pinned.img" fat32 kernel-pinned
ghostboot_image "$images/ghostboot-ext4-kernel.img" ext4 kernel
ghostboot_image "$images/ghostboot-ext4-kernel-pinned.img" ext4 kernel-pinned
ghostboot_image "$images/ghostboot-fat32-module.img" fat32 module
ghostboot_image "$images/ghostboot-fat32-module-pinned.img" fat32 module-pinned
ghostboot_image "$images/ghostboot-ext4-module.img" ext4 module
# NAMES: a subset to time, such as "raw ghostboot-fat32 ghostboot-fat32-bios".
names=${NAMES:-"raw syslinux grub-fat32 grub-ext4 ghostboot-fat32 ghostboot-fat32-bios
	ghostboot-fat32-pinned ghostboot-ext4 ghostboot-ext4-pinned ghostboot-fat32-native-file
	ghostboot-fat32-kernel ghostboot-fat32-kernel-pinned ghostboot-ext4-kernel
	ghostboot-ext4-kernel-pinned ghostboot-fat32-module ghostboot-fat32-module-pinned
	ghostboot-ext4-module"}

times=$dir/times
: >"$times"
round=1
while [ "$round" -le "$rounds" ]; do
	for setup in $setups; do
		machine=${setup%%:*} interface=${setup#*:}
		memory=$(( size_mib * 2 + 128 ))
		for name in $names; do
			start=$(date +%s.%N)
			if ! "$GHOSTBOOT" test "$images/$name.img" --machine "$machine" --disk "$interface" \
				--memory "${memory}M" --timeout 300 --log "$dir/serial.log" >"$dir/out" 2>&1; then
				echo "  $name on $setup failed: $(head -n 1 "$dir/out")" >&2
				continue
			fi
			end=$(date +%s.%N)
			calls=$(sed -n 's/.* in \([0-9][0-9]*\) BIOS calls.*/\1/p' "$dir/serial.log" | tail -n 1)
			echo "$setup $name $(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }') ${calls:--}" \
				>>"$times"
		done
	done
	round=$((round + 1))
done

for setup in $setups; do
	raw=$(awk -v s="$setup" '$1 == s && $2 == "raw" { print $3 }' "$times" | median)
	syslinux=$(awk -v s="$setup" '$1 == s && $2 == "syslinux" { print $3 }' "$times" | median)
	grub=$(awk -v s="$setup" '$1 == s && $2 == "grub-fat32" { print $3 }' "$times" | median)
	echo
	echo "| $setup | seconds | x raw | x SYSLINUX | x GRUB (FAT32) | BIOS calls |"
	echo "|---|---|---|---|---|---|"
	for name in $names; do
		t=$(awk -v s="$setup" -v n="$name" '$1 == s && $2 == n { print $3 }' "$times" | median)
		calls=$(awk -v s="$setup" -v n="$name" '$1 == s && $2 == n { print $4 }' "$times" | tail -n 1)
		[ -n "$t" ] || { echo "| $name | failed | | | | |"; continue; }
		awk -v n="$name" -v t="$t" -v r="${raw:-0}" -v x="${syslinux:-0}" -v g="${grub:-0}" \
			-v c="${calls:--}" 'BEGIN {
			printf "| %s | %.2f | %s | %s | %s | %s |\n", n, t,
				(r > 0 ? sprintf("%.2f", t / r) : "-"), (x > 0 ? sprintf("%.2f", t / x) : "-"),
				(g > 0 ? sprintf("%.2f", t / g) : "-"), c }'
	done
done
