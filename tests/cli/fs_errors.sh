# `ghostboot install` on partitioned disks whose boot volume cannot be read
# as it should: it says why in fs/'s words, word for word
# (docs/install.md, docs/filesystems.md "Errors").
. tests/lib.sh

img=$scratch/disk.img
# partitioned_ext4: $img, an MBR disk with one ext4 partition holding the
# sample kernel; $offset, the partition's first byte (for debugfs).
partitioned_ext4() {
	rm -f "$img"
	$GHOSTBOOT mkimage -o "$img" --size 32M --table mbr --fs ext4 \
		--kernel "$BUILD/kernel/kernel.elf" >/dev/null 2>&1 || return 1
	offset=$(($(sfdisk -d "$img" | sed -n 's/.*start= *\([0-9]*\).*/\1/p' | head -n 1) * 512))
}
# says NAME EXPECTED COMMAND...: COMMAND's stderr is exactly EXPECTED.
says() {
	name=$1 expected=$2
	shift 2
	"$@" >/dev/null 2>"$scratch/err"
	if [ "$(cat "$scratch/err")" = "$expected" ]; then
		ok "$name: $expected"
	else
		not_ok "$name: '$(cat "$scratch/err")', expected '$expected'"
	fi
}

if partitioned_ext4; then
	debugfs -w -R "feature encrypt" "$img?offset=$offset" >/dev/null 2>&1
	says "a volume that does not mount is named in the search" \
		"ghostboot: error: no partition holds /boot/ghostboot.cfg or /ghostboot.cfg (partition 1: unsupported ext4 feature: encrypt): write a configuration, or name the boot partition with --partition N" \
		$GHOSTBOOT install "$img"
	says "--partition names why it does not mount" \
		"ghostboot: error: partition 1 holds no filesystem ghostboot can read: unsupported ext4 feature: encrypt" \
		$GHOSTBOOT install "$img" --partition 1
else
	not_ok "mkimage --table mbr --fs ext4 failed"
fi

if partitioned_ext4; then
	printf 'rm /boot/ghostboot.cfg\nsymlink /boot/ghostboot.cfg /boot/loop\nsymlink /boot/loop /boot/ghostboot.cfg\n' |
		debugfs -w -f - "$img?offset=$offset" >/dev/null 2>&1
	says "an unreadable configuration is what stage 2 stops on" \
		"ghostboot: warning: partition 1: /boot/ghostboot.cfg cannot be read: too many symbolic links; stage 2 will stop on it" \
		$GHOSTBOOT install "$img"
	says "  ... with --partition too" \
		"ghostboot: warning: partition 1: /boot/ghostboot.cfg cannot be read: too many symbolic links; stage 2 will stop on it" \
		$GHOSTBOOT install "$img" --partition 1
else
	not_ok "mkimage --table mbr --fs ext4 failed"
fi

finish
