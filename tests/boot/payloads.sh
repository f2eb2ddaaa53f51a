# QEMU boot tests of every kind of payload from every filesystem
# (docs/stage2.md "Native disk drivers", "Kernel load"): a kernel with a
# 4 MiB segment of random bytes, a module carrying 3 MiB of them and a raw
# file arrive byte for byte from FAT12, FAT16, FAT32, ext2, ext3 and ext4,
# each written into the 8 KiB holes of a volume filled and then thinned out
# (fragmented, proven by mtools and debugfs) and written whole, through the
# BIOS and each native disk driver; a driver failing on a fragmented volume
# hands the disk back to the BIOS; a module with one bit changed fails its
# own check. The volumes are made by mkfs.fat and mke2fs, filled by mtools
# and debugfs, then `ghostboot install`ed.
. tests/lib.sh

KERNEL=$BUILD/tests/kernel/blob-kernel-4M.elf
MODULE=$BUILD/tests/modules/payload.gbm
# Ends mid-sector, in a last cluster or block it does not fill.
FILE_SIZE=$((2 * 1024 * 1024 + 1234))
FILL_SIZE=8192
# The volume starts at 1 MiB; stage 2 goes into the gap before it.
START=2048
MTOOLS_AT="@@$((START * 512))"
DEBUGFS_AT="?offset=$((START * 512))"

# The files as they go onto each volume, under $scratch/boot.
mkdir -p "$scratch/boot/modules"
cp "$KERNEL" "$scratch/boot/kernel.elf"
cp "$MODULE" "$scratch/boot/modules/payload.gbm"
head -c $FILE_SIZE /dev/urandom >"$scratch/boot/payload.bin"
kernel_pin=$(sha256sum "$KERNEL" | cut -d' ' -f1)
module_pin=$(sha256sum "$MODULE" | cut -d' ' -f1)
file_pin=$(sha256sum "$scratch/boot/payload.bin" | cut -d' ' -f1)
cmdline="selftest expect-modules=1 expect-files=1 $(blob_expectation "$KERNEL")"
cmdline="$cmdline expect-file=/boot/payload.bin,$FILE_SIZE,$(fnv1a "$scratch/boot/payload.bin")"
# payload_data FIELD: of the section holding the module's random bytes, 1
# its offset in the file, 2 its size (hex, as readelf prints them).
payload_data() {
	readelf -SW "$MODULE" |
		sed -n "s/.* \.data\.payload *PROGBITS *[0-9a-f]* \([0-9a-f]*\) \([0-9a-f]*\) .*/\\$1/p"
}
module_size=$((0x$(payload_data 2)))

# config FILE [pinned] [GLOBAL LINE]: the entry loading the three payloads,
# each pinned by its SHA-256 with `pinned`.
config() {
	{
		[ -n "${3:-}" ] && echo "$3"
		echo "entry payloads"
		echo "    kernel /boot/kernel.elf${2:+ sha256=$kernel_pin}"
		echo "    cmdline $cmdline"
		echo "    module /boot/modules/payload.gbm${2:+ sha256=$module_pin}"
		echo "    file /boot/payload.bin${2:+ sha256=$file_pin}"
	} >"$1"
}

# The volume's files through the real tools: mtools for FAT, debugfs for
# ext; IMG and FS ($img, $fs) name the image and the filesystem kind.

# make_dirs DIR...: new directories.
make_dirs() {
	case $fs in
	fat*) mmd -i "$img$MTOOLS_AT" "$@" ;;
	ext*) for d; do echo "mkdir $d"; done | debugfs -w -f - "$img$DEBUGFS_AT" >/dev/null 2>&1 ;;
	esac
}

# copy_in DIR FILE...: host files onto the volume, into DIR, under their names.
copy_in() {
	dir=$1
	shift
	case $fs in
	fat*) mcopy -i "$img$MTOOLS_AT" "$@" "::$dir/" ;;
	ext*)
		for f; do echo "write $f $dir/${f##*/}"; done |
			debugfs -w -f - "$img$DEBUGFS_AT" >/dev/null 2>&1
		;;
	esac
}

# remove PATH...: files deleted from the volume, their room freed.
remove() {
	case $fs in
	fat*) mdel -i "$img$MTOOLS_AT" "$@" ;;
	ext*) for f; do echo "rm $f"; done | debugfs -w -f - "$img$DEBUGFS_AT" >/dev/null 2>&1 ;;
	esac
}

# free_bytes: the volume's free room.
free_bytes() {
	case $fs in
	fat*) mdir -i "$img$MTOOLS_AT" ::/ | sed -n 's/ bytes free$//p' | tr -d ' ' ;;
	ext*)
		debugfs -R stats "$img$DEBUGFS_AT" 2>/dev/null |
			awk '/^Block size:/ { size = $3 } /^Free blocks:/ { free = $3 } END { print size * free }'
		;;
	esac
}

# runs PATH: in how many runs of consecutive clusters or blocks the file's
# data lies.
runs() {
	case $fs in
	fat*) mshowfat -i "$img$MTOOLS_AT" "::$1" | tr -cd '<' | wc -c ;;
	ext*)
		debugfs -R "blocks $1" "$img$DEBUGFS_AT" 2>/dev/null | tr ' ' '\n' |
			awk 'NF { if (n++ == 0 || $1 != last + 1) runs++; last = $1 } END { print runs + 0 }'
		;;
	esac
}

# fragment: fills the volume with files of FILL_SIZE bytes, then deletes
# every other one, so that its free room is holes of FILL_SIZE bytes between
# used ones and all that is written next is cut into pieces.
fragment() {
	mkdir -p "$scratch/fill"
	rm -f "$scratch/fill/"*
	count=$(($(free_bytes) / FILL_SIZE))
	head -c $((count * FILL_SIZE)) /dev/urandom | split -b $FILL_SIZE -a 5 -d - "$scratch/fill/F"
	make_dirs /fill
	# Most in one go, short of what the directory's own growth takes (mcopy
	# writes nothing of a batch that does not fit); then one at a time.
	set -- "$scratch/fill/"*
	batch=$((count - 32))
	# shellcheck disable=SC2046
	copy_in /fill $(printf '%s\n' "$@" | head -n $batch)
	shift $batch
	for f; do
		if [ "$(free_bytes)" -ge $((2 * FILL_SIZE)) ]; then copy_in /fill "$f"; else rm "$f"; fi
	done
	# shellcheck disable=SC2046
	remove $(printf '%s\n' "$scratch/fill/"* | awk -F/ 'NR % 2 == 0 { print "/fill/" $NF }')
}

# image NAME FS fragmented|whole [pinned]: an MBR image with one FS volume
# (mkfs.fat or mke2fs) holding the configuration, then the payloads, the
# volume filled and thinned out before them with `fragmented`; installed.
# $scratch/NAME.img; a failure counts as one.
image() {
	img=$scratch/$(echo "$1" | tr -c 'a-z0-9\n' -).img fs=$2
	config "$scratch/boot/ghostboot.cfg" "${4:-}"
	rm -f "$img"
	case $fs in
	fat12) size=30 type=1 format="mkfs.fat -F 12 -s 16" ;;
	fat16) size=40 type=6 format="mkfs.fat -F 16 -s 4" ;;
	fat32) size=40 type=c format="mkfs.fat -F 32 -s 1" ;;
	ext2) size=40 type=83 format="mke2fs -b 1024" ;;
	ext3) size=40 type=83 format="mke2fs -b 4096" ;;
	ext4) size=40 type=83 format="mke2fs -b 1024" ;;
	esac
	truncate -s $((size + 1))M "$img"
	echo "start=$START, type=$type" | sfdisk --quiet --no-reread --no-tell-kernel "$img" >/dev/null
	case $fs in
	fat*) $format --offset $START -h $START "$img" $((size * 1024)) ;;
	ext*) $format -q -F -t "$fs" -m 0 -N 6000 -E offset=$((START * 512)) "$img" "${size}M" ;;
	esac >"$scratch/mkfs.log" 2>&1 ||
		{ not_ok "$1: mkfs: $(cat "$scratch/mkfs.log")"; return 1; }
	make_dirs /boot /boot/modules &&
		copy_in /boot "$scratch/boot/ghostboot.cfg" &&
		{ [ "$3" = whole ] || fragment; } &&
		copy_in /boot "$scratch/boot/kernel.elf" "$scratch/boot/payload.bin" &&
		copy_in /boot/modules "$scratch/boot/modules/payload.gbm" ||
		{ not_ok "$1: the files could not be written"; return 1; }
	$GHOSTBOOT install "$img" >"$scratch/install.log" 2>&1 ||
		{ not_ok "$1: install: $(cat "$scratch/install.log")"; return 1; }
	[ "$3" = whole ] && return
	kernel_runs=$(runs /boot/kernel.elf) module_runs=$(runs /boot/modules/payload.gbm)
	file_runs=$(runs /boot/payload.bin)
	if [ "$kernel_runs" -gt 1 ] && [ "$module_runs" -gt 1 ] && [ "$file_runs" -gt 1 ]; then
		ok "$1: the kernel, module and file lie in $kernel_runs, $module_runs and $file_runs runs"
	else
		not_ok "$1: not fragmented: the kernel, module and file lie in $kernel_runs," \
			"$module_runs and $file_runs runs"
		return 1
	fi
}

# set_config PINNED GLOBAL: the configuration of $img ($fs) rewritten with
# the line GLOBAL first, its payloads pinned unless PINNED is empty.
set_config() {
	config "$scratch/boot/ghostboot.cfg" "$1" "$2"
	remove /boot/ghostboot.cfg && copy_in /boot "$scratch/boot/ghostboot.cfg"
}

blob_line=$(blob_matched "$KERNEL")
# through WHAT IMAGE PATH: boots IMAGE with every payload byte for byte
# through PATH: bios (on an AHCI disk, `disk bios` in its configuration),
# ahci, ide or virtio, which stage 2 names.
through() {
	case $3 in
	bios)
		machine=q35 disk=ahci via="the BIOS"
		line="ghostboot: disk: BIOS drive 0x80 (disk bios in the configuration)"
		;;
	ahci) machine=q35 disk=ahci via="the AHCI driver" line="ghostboot: disk: AHCI port " ;;
	ide) machine=pc disk=ide via="the bus-master IDE driver" line="ghostboot: disk: IDE port 0 at " ;;
	virtio)
		machine=q35 disk=virtio via="the virtio-blk driver"
		line="ghostboot: disk: virtio-blk at "
		;;
	esac
	boots "$1: every payload byte for byte through $via" "$2" --machine "$machine" \
		--disk "$disk" --memory 128M --expect "$line" --expect "$blob_line" \
		--expect "payload: $module_size bytes match, byte for byte" \
		--expect "module payload: initialised" \
		--expect "selftest: file /boot/payload.bin matches, byte for byte"
}

# Each filesystem fragmented, pinned, through the BIOS and each driver;
# then whole, unpinned, through one path each, in turn.
whole_paths="ide virtio ahci bios ide virtio"
for fs in fat12 fat16 fat32 ext2 ext3 ext4; do
	if image "$fs, fragmented" "$fs" fragmented pinned; then
		for path in ahci ide virtio; do
			through "$fs, fragmented and pinned" "$img" "$path"
		done
		[ "$fs" = ext2 ] && cp "$img" "$scratch/ext2-kept.img"
		set_config pinned "disk bios" &&
			through "$fs, fragmented and pinned" "$img" bios
		rm -f "$img"
	fi
	path=${whole_paths%% *} whole_paths=${whole_paths#* }
	if image "$fs, whole" "$fs" whole; then
		[ "$path" = bios ] && set_config "" "disk bios"
		through "$fs, whole" "$img" "$path"
		rm -f "$img"
	fi
done

# The IDE driver fails a read in the middle of the fragmented file: the
# BIOS rereads it and the rest.
img=$scratch/ext2-kept.img fs=ext2
if [ -f "$img" ]; then
	block=$(debugfs -R "bmap /boot/payload.bin $((FILE_SIZE / 2048))" "$img$DEBUGFS_AT" 2>/dev/null)
	blkdebug_boot "$img" $((START + block * 2)) once
	serial_shows "ext2, fragmented: an IDE read error hands the disk to the BIOS, which rereads" \
		"^ghostboot: disk: IDE port 0 at .*, verified against the BIOS" \
		"^ghostboot: warning: disk: IDE read error at LBA [0-9]*; reading through the BIOS from now on" \
		"^module payload: initialised" "^selftest: file /boot/payload.bin matches, byte for byte" \
		"^SELFTEST PASS"
fi

# One bit changed in the module's random bytes: its own check fails it.
flip "$scratch/boot/modules/payload.gbm" $((0x$(payload_data 1) + module_size / 2))
image "changed module" fat16 whole &&
	fails_with "a module with one bit changed in its data fails its own check" "$img" \
		"^module payload: disabled: init returned -1"

finish
