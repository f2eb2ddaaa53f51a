#!/bin/sh
# The two initrd archives the Linux boots use (tests/boot/linux.sh, and
# tests/bench/linux.sh): DIR/first.cpio holds INIT as /init and the payload
# it checks, DIR/second.cpio the text file it checks (tests/boot/linux/init.c).
#   initramfs.sh DIR INIT
set -eu
dir=$1 init=$2
rm -rf "$dir/first" "$dir/second"
mkdir -p "$dir/first" "$dir/second"
cp "$init" "$dir/first/init"
"$init" --payload "$dir/first/payload.bin"
printf 'second initrd archive\n' >"$dir/second/second.txt"
(cd "$dir/first" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$dir/first.cpio"
(cd "$dir/second" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$dir/second.cpio"
