#!/bin/sh
# Fetches a QEMU whose emulated CPU has the SHA extensions, for the boot
# test of the pins' SHA-NI path (tests/boot/sha_extensions.sh): the QEMU
# this Debian release ships (7.2) has none, its backports suite carries a
# later one that has them. The packages are downloaded once into
# build/qemu-sha/ and unpacked there, not installed; a wrapper giving QEMU
# its own data folder beside the system's firmware is written next to them.
# Prints the wrapper's absolute path. Only Debian's archive is needed.
set -eu
mkdir -p "${BUILD:-build}/qemu-sha"
dir=$(cd "${BUILD:-build}/qemu-sha" && pwd)
wrapper=$dir/qemu-system-x86_64
if [ -x "$wrapper" ] && [ -x "$dir/root/usr/bin/qemu-system-x86_64" ]; then
	echo "$wrapper"
	exit 0
fi
. /etc/os-release
suite=${VERSION_CODENAME:?}-backports
# apt's lists for the backports suite alone, kept in our folder, so the
# machine's own sources and lists stay as they are.
echo "deb http://deb.debian.org/debian $suite main" >"$dir/sources.list"
mkdir -p "$dir/lists/partial"
apt_options="-o Dir::Etc::sourcelist=$dir/sources.list -o Dir::Etc::sourceparts=- \
	-o Dir::State::Lists=$dir/lists -o APT::Get::List-Cleanup=0 -q"
# shellcheck disable=SC2086
apt-get $apt_options update >&2
rm -f "$dir"/*.deb
# shellcheck disable=SC2086
(cd "$dir" && apt-get $apt_options download qemu-system-x86 qemu-system-common \
	qemu-system-data >&2)
rm -rf "$dir/root"
for deb in "$dir"/*.deb; do
	dpkg-deb -x "$deb" "$dir/root"
done
if ! "$dir/root/usr/bin/qemu-system-x86_64" -cpu help | grep -qw sha-ni; then
	echo "fetch-qemu-sha.sh: the QEMU of $suite does not know the SHA extensions" >&2
	exit 1
fi
cat >"$wrapper" <<WRAPPER
#!/bin/sh
exec "$dir/root/usr/bin/qemu-system-x86_64" -L "$dir/root/usr/share/qemu" \\
	-L /usr/share/seabios -L /usr/share/qemu "\$@"
WRAPPER
chmod +x "$wrapper"
echo "$wrapper"
