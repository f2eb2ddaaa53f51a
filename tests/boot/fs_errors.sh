# Why stage 2 cannot read its configuration or a module, said by stage 2
# and by `ghostboot install`, word for word (docs/filesystems.md "Errors"):
# an unreadable /boot/ghostboot.cfg stops the boot with its reason and is
# never passed over for /ghostboot.cfg; a bad sector a read does not need
# (a free block after a module) does not stop a boot, one it needs is
# named by its LBA. Bad sectors come from QEMU's blkdebug driver. And ext4
# volumes made with bigalloc boot.
. tests/lib.sh

export E2FSPROGS_FAKE_TIME=1700000000
tree=$scratch/tree
mkdir -p "$tree/boot/modules"
cp "$BUILD/kernel/kernel.elf" "$tree/boot/"
cp $MODULES "$tree/boot/modules/"
{
	echo "entry demo"
	echo "    kernel /boot/kernel.elf"
	echo "    cmdline selftest expect-modules=$MODULE_COUNT"
	for m in $MODULES; do echo "    module /boot/modules/$(basename "$m")"; done
} >"$tree/boot/ghostboot.cfg"
# What stage 2 would boot if it fell back: a configuration that boots too.
cp "$tree/boot/ghostboot.cfg" "$scratch/fallback.cfg"

# ext_image IMG MKE2FS_ARGS...: a whole-disk ext4 volume of the tree,
# installed; install's stderr in $scratch/err.
ext_image() {
	image=$1
	shift
	rm -f "$image"
	truncate -s 32M "$image"
	mke2fs -q -F -t ext4 -b 1024 "$@" -d "$tree" "$image" >/dev/null 2>&1 &&
		$GHOSTBOOT install "$image" >/dev/null 2>"$scratch/err"
}
# debugfs_w IMG COMMANDS: debugfs requests, one a line, written to IMG.
debugfs_w() { printf '%b' "$2" | debugfs -w -f - "$1" >/dev/null 2>&1; }
# stops_with NAME IMG LINE: `ghostboot test` fails and stage 2's error is LINE.
stops_with() {
	if $GHOSTBOOT test "$2" --timeout 120 --log "$scratch/serial.log" >/dev/null 2>&1; then
		not_ok "$1: booted"
	elif tr -d '\r' <"$scratch/serial.log" | grep -qxF -- "$3"; then
		ok "$1: $3"
	else
		not_ok "$1: expected '$3'; serial: $(tail -n 3 "$scratch/serial.log" | tr '\n' '|')"
	fi
}

# --- bigalloc ---------------------------------------------------------------
for spec in 1024:16384 4096:65536; do
	img=$scratch/bigalloc.img
	if rm -f "$img" && truncate -s 32M "$img" &&
		mke2fs -q -F -t ext4 -b "${spec%:*}" -C "${spec#*:}" -O bigalloc -d "$tree" "$img" \
			>/dev/null 2>&1 &&
		$GHOSTBOOT install "$img" >/dev/null 2>"$scratch/err" && ! [ -s "$scratch/err" ]; then
		boots "bigalloc, ${spec%:*}-byte blocks in ${spec#*:}-byte clusters, boots" "$img"
	else
		not_ok "bigalloc ${spec%:*}:${spec#*:}: install failed: $(cat "$scratch/err")"
	fi
done

# --- No fallback past an unreadable /boot/ghostboot.cfg ----------------------
img=$scratch/loop.img
ext_image "$img"
debugfs_w "$img" "write $scratch/fallback.cfg /ghostboot.cfg\nrm /boot/ghostboot.cfg\nsymlink /boot/ghostboot.cfg /boot/loop\nsymlink /boot/loop /boot/ghostboot.cfg\n"
stops_with "a symbolic link loop" "$img" \
	"ghostboot: error: configuration /boot/ghostboot.cfg: too many symbolic links"
$GHOSTBOOT install "$img" >/dev/null 2>"$scratch/err"
expected="ghostboot: warning: /boot/ghostboot.cfg cannot be read: too many symbolic links; stage 2 will stop on it"
if [ "$(cat "$scratch/err")" = "$expected" ]; then
	ok "install says so: $expected"
else
	not_ok "install on a link loop: '$(cat "$scratch/err")', expected '$expected'"
fi

img=$scratch/dir.img
ext_image "$img"
debugfs_w "$img" "write $scratch/fallback.cfg /ghostboot.cfg\n"
dir=$(debugfs -R "bmap /boot 0" "$img" 2>/dev/null)
printf '\000\000' | dd of="$img" bs=1 seek=$((dir * 1024 + 4)) conv=notrunc 2>/dev/null
stops_with "a damaged directory" "$img" \
	"ghostboot: error: configuration /boot/ghostboot.cfg: directory entry length is invalid"

# A volume that no longer mounts says why, not "no filesystem".
img=$scratch/feature.img
ext_image "$img"
debugfs -w -R "feature encrypt" "$img" >/dev/null 2>&1
stops_with "an unsupported feature" "$img" \
	"ghostboot: error: no configuration (/boot/ghostboot.cfg or /ghostboot.cfg) on the whole-disk filesystem: unsupported ext4 feature: encrypt"

# --- Bad sectors (blkdebug) ------------------------------------------------
# blkdebug_says NAME IMG SECTOR[:once] LINE: that boot logs LINE.
blkdebug_says() {
	blkdebug_boot "$2" "${3%:*}" "$(echo "$3" | sed -n 's/.*:\(once\)$/\1/p')"
	if tr -d '\r' <"$scratch/serial.log" | grep -qxF -- "$4"; then
		ok "$1: $4"
	else
		not_ok "$1: expected '$4'; serial: $(tail -n 3 "$scratch/serial.log" | tr '\n' '|')"
	fi
}
img=$scratch/bad.img
ext_image "$img"
debugfs_w "$img" "write $scratch/fallback.cfg /ghostboot.cfg\n"
dir=$(debugfs -R "bmap /boot 0" "$img" 2>/dev/null)
blkdebug_says "a bad sector in /boot, /ghostboot.cfg not used instead" "$img" $((2 * dir)) \
	"ghostboot: error: configuration /boot/ghostboot.cfg: I/O error at LBA $((2 * dir))"
config=$(debugfs -R "bmap /boot/ghostboot.cfg 0" "$img" 2>/dev/null)
blkdebug_says "a bad sector in the configuration, named" "$img" $((2 * config)) \
	"ghostboot: error: configuration /boot/ghostboot.cfg: I/O error at LBA $((2 * config))"
kernel=$(debugfs -R "bmap /boot/kernel.elf 40" "$img" 2>/dev/null)
blkdebug_says "a bad sector in the kernel, named" "$img" $((2 * kernel)) \
	"ghostboot: error: kernel /boot/kernel.elf: I/O error at LBA $((2 * kernel))"
hello=$(debugfs -R "bmap /boot/modules/hello.gbm 1" "$img" 2>/dev/null)
blkdebug_says "a bad sector in a module, named" "$img" $((2 * hello + 1)) \
	"ghostboot: error: module /boot/modules/hello.gbm: I/O error at LBA $((2 * hello + 1))"
blkdebug_says "a sector of a module that fails once boots" "$img" "$((2 * hello + 1)):once" \
	"SELFTEST PASS"
# The block after hello.gbm's last one, which its read-ahead would cover:
# free, or install's folder for stage 2, which stage 2 never reads.
size=$(stat -c %s "$tree/boot/modules/hello.gbm")
next=$(($(debugfs -R "bmap /boot/modules/hello.gbm $(((size - 1) / 1024))" "$img" 2>/dev/null) + 1))
owner=$(debugfs -R "icheck $next" "$img" 2>/dev/null | tail -n 1 | cut -f 2)
case $owner in
"<block not found>") owner="a free block" ;;
*) owner=$(debugfs -R "ncheck $owner" "$img" 2>/dev/null | tail -n 1 | cut -f 2) ;;
esac
case $owner in
"a free block" | /boot/ghostboot | /boot/ghostboot/*)
	blkdebug_says "a bad sector in the block after a module ($owner) does not stop the boot" \
		"$img" $((2 * next)) "SELFTEST PASS" ;;
*) not_ok "the block after hello.gbm ($next) belongs to $owner, which stage 2 reads" ;;
esac

# An MBR disk made by mkimage: stage 2 in the gap after the MBR, nothing
# written to the ext partition after the files, so a free block follows
# the last module.
img=$scratch/mbr.img
rm -f "$img"
if $GHOSTBOOT mkimage -o "$img" --size 32M --table mbr --fs ext4 --kernel "$BUILD/kernel/kernel.elf" \
	$module_args --cmdline selftest >/dev/null 2>&1; then
	start=$(sfdisk -d "$img" | sed -n 's/.*start= *\([0-9]*\).*/\1/p' | head -n 1)
	volume="$img?offset=$((start * 512))"
	last=$(debugfs -R "ex /boot/modules/hello.gbm" "$volume" 2>/dev/null | tail -n 1 | awk '{ print $(NF - 1) }')
	if debugfs -R "testb $((last + 1))" "$volume" 2>/dev/null | grep -q "not in use"; then
		blkdebug_says "a bad free block after a module does not stop the boot" "$img" \
			$((start + 2 * (last + 1))) "SELFTEST PASS"
	else
		not_ok "the block after hello.gbm ($((last + 1))) is in use"
	fi
else
	not_ok "mkimage --table mbr --fs ext4 failed"
fi

# FAT16 over the whole disk: the /boot folder's chain starts in the FAT's
# first sector; /ghostboot.cfg, in the fixed root folder, needs no FAT.
img=$scratch/fat.img
rm -f "$img"
if $GHOSTBOOT mkimage -o "$img" --size 32M --table none --fs fat16 --kernel "$BUILD/kernel/kernel.elf" \
	$module_args --cmdline selftest >/dev/null 2>&1 &&
	mcopy -i "$img" "$scratch/fallback.cfg" ::/ghostboot.cfg; then
	fat=$(od -An -tu2 -j 14 -N 2 "$img" | tr -d ' ')
	blkdebug_says "a bad FAT sector, /ghostboot.cfg not used instead" "$img" "$fat" \
		"ghostboot: error: configuration /boot/ghostboot.cfg: I/O error at LBA $fat"
	blkdebug_says "a bad FAT sector no chain reaches does not stop the boot" "$img" $((fat + 7)) \
		"SELFTEST PASS"
else
	not_ok "mkimage --table none --fs fat16 failed"
fi

finish
