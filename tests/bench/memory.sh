#!/bin/sh
# The memory a boot needs (`make bench`, docs/performance.md "Memory"): for
# each image compare.sh made, the least guest memory (QEMU -m, in MiB) with
# which it still boots, found by halving between LOW and HIGH MiB on one
# machine and disk.
#   memory.sh DIR MACHINE:DISK LOW HIGH [NAME...]
set -eu
dir=$1 setup=$2 low=$3 high=$4
shift 4
GHOSTBOOT=${GHOSTBOOT:-build/ghostboot}
machine=${setup%%:*} interface=${setup#*:}
names=${*:-"syslinux grub-fat32 ghostboot-fat32 ghostboot-fat32-pinned ghostboot-fat32-native-file
	ghostboot-fat32-kernel ghostboot-fat32-kernel-pinned"}
payload=$(stat -c %s "$dir/payload.bin")

# boots NAME MIB: whether the image boots with that much memory. A loader
# short of memory may stop at a prompt rather than fail: the timeout ends it.
boots() {
	"$GHOSTBOOT" test "$dir/images/$1.img" --machine "$machine" --disk "$interface" \
		--memory "$2M" --timeout 30 --log "$dir/memory.log" >/dev/null 2>&1
}

echo
echo "least memory that boots, $setup, a payload of $((payload / 1048576)) MiB:"
echo
echo "| $setup | MiB of RAM | MiB beyond the payload |"
echo "|---|---|---|"
for name in $names; do
	fails=$low fits=$high
	if ! boots "$name" "$fits"; then
		echo "| $name | more than $high | |"
		continue
	fi
	while [ $((fits - fails)) -gt 1 ]; do
		try=$(( (fits + fails) / 2 ))
		if boots "$name" "$try"; then fits=$try; else fails=$try; fi
	done
	echo "| $name | $fits | $((fits - payload / 1048576)) |"
done
