#!/bin/sh
# Fetches Debian's own Linux kernel for the boot tests, without installing
# it: the package linux-image-amd64 depends on is downloaded once into
# build/linux/ and its vmlinuz unpacked there. Prints the kernel's absolute path.
# Only Debian's archive is needed (apt-get download needs no root).
set -eu
mkdir -p "${BUILD:-build}/linux"
dir=$(cd "${BUILD:-build}/linux" && pwd)
kernel=$(ls "$dir"/root/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
if [ -n "$kernel" ]; then
	echo "$kernel"
	exit 0
fi
# The versioned package the meta-package points at, e.g. linux-image-6.1.0-57-amd64.
versioned() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}
package=$(versioned)
# A fresh machine may not have read the archive's lists yet.
if [ -z "$package" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -qq >&2 && package=$(versioned)
fi
if [ -z "$package" ]; then
	echo "fetch-linux.sh: apt-cache knows no linux-image-amd64 (run apt-get update)" >&2
	exit 1
fi
deb=$(ls "$dir"/"$package"_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
	(cd "$dir" && apt-get download -q "$package" >&2)
	deb=$(ls "$dir"/"$package"_*.deb | head -n 1)
fi
rm -rf "$dir/root.tmp"
mkdir "$dir/root.tmp"
# Only the kernel image: the modules are not needed to boot an initramfs.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/root.tmp" --wildcards './boot/vmlinuz-*'
rm -rf "$dir/root"
mv "$dir/root.tmp" "$dir/root"
ls "$dir"/root/boot/vmlinuz-* | head -n 1
