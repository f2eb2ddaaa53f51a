# `install` killed with SIGKILL at random moments, on each kind of place
# stage 2 can go (docs/install.md, "Interrupted installs"): the volume must
# stay fsck-clean, and the next install must complete it and boot.
. tests/lib.sh

KILLS=${KILLS:-50}
PATH="$PATH:/usr/sbin:/sbin"
files=$scratch/files
mkdir -p "$files/boot"
cp "$BUILD/kernel/kernel.elf" "$files/boot/"
printf 'timeout 0\nentry kill\n    kernel /boot/kernel.elf\n    cmdline selftest\n' \
	>"$files/boot/ghostboot.cfg"

# Each layout: an image made by the real tools, the offset of its volume
# and the fsck that judges it.
layout_fat_file() { # unpartitioned FAT32 with too few reserved sectors: a file
	truncate -s 64M "$1"
	mkfs.fat -F 32 -R 32 "$1" >/dev/null
	mcopy -s -i "$1" "$files/boot" ::/
}
layout_ext_file() { # unpartitioned ext2: a file
	truncate -s 32M "$1"
	mke2fs -q -t ext2 -d "$files" "$1"
}
layout_mbr_gap() { # FAT16 from sector 2048: the gap after the MBR
	truncate -s 64M "$1"
	echo 'start=2048, type=6' | sfdisk -q "$1"
	mkfs.fat -F 16 --offset 2048 "$1" $((63 * 1024)) >/dev/null
	mcopy -s -i "$1@@1M" "$files/boot" ::/
}
clean_fat_file() { fsck.fat -n "$1" >"$scratch/fsck.log" 2>&1; }
clean_ext_file() { e2fsck -fn "$1" >"$scratch/fsck.log" 2>&1; }
clean_mbr_gap() {
	dd if="$1" of="$scratch/volume" bs=1M skip=1 status=none
	fsck.fat -n "$scratch/volume" >"$scratch/fsck.log" 2>&1
}

for layout in fat_file ext_file mbr_gap; do
	base=$scratch/$layout.img
	"layout_$layout" "$base"
	# How long an install takes here: the kills are spread over twice that.
	cp "$base" "$scratch/timed.img"
	start=$(date +%s%N)
	quietly $GHOSTBOOT install "$scratch/timed.img"
	span=$(( ($(date +%s%N) - start) / 1000 * 2 ))
	dirty=0 refused=0 unbootable=0 during=0
	i=0
	while [ "$i" -lt "$KILLS" ]; do
		img=$scratch/killed.img
		cp "$base" "$img"
		delay=$(awk -v seed="$$$i" -v span="$span" 'BEGIN { srand(seed); printf "%.6f", rand() * span / 1e6 }')
		$GHOSTBOOT install "$img" >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid" 2>/dev/null && during=$((during + 1))
		wait "$pid" 2>/dev/null
		flock "$img" true # a tool the killed install started finishes first
		"clean_$layout" "$img" || { dirty=$((dirty + 1)); cp "$scratch/fsck.log" "$scratch/dirty.log"; }
		if ! quietly $GHOSTBOOT install "$img"; then
			refused=$((refused + 1))
		elif ! "clean_$layout" "$img" || ! quietly $GHOSTBOOT test "$img" --timeout 60; then
			unbootable=$((unbootable + 1))
		fi
		i=$((i + 1))
	done
	name="$layout: $KILLS installs killed ($during of them while running)"
	if [ "$dirty" -ne 0 ]; then
		not_ok "$name: $dirty left the volume unclean: $(head -c 300 "$scratch/dirty.log")"
	elif [ "$refused" -ne 0 ] || [ "$unbootable" -ne 0 ]; then
		not_ok "$name: the next install failed $refused times, did not boot $unbootable times"
	else
		ok "$name: always clean, completed and booted by the next install"
	fi
done
finish
