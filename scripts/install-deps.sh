#!/bin/sh
# Installs the Debian packages ghostboot builds and tests with, when missing.
# As root (or with sudo) it installs them; otherwise it prints the command.
set -eu

# command -> Debian package providing it
needed="
nasm:nasm
qemu-system-x86_64:qemu-system-x86
mcopy:mtools
mkfs.fat:dosfstools
fsck.fat:dosfstools
mke2fs:e2fsprogs
sfdisk:fdisk
clang:clang
ld.lld:lld
lld-link:lld
gcc:gcc
ld:binutils
gdb:gdb
scdoc:scdoc
man:man-db
dpkg-deb:dpkg
syslinux:syslinux
cpio:cpio
"

missing=""
for pair in $needed; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v "$cmd" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$cmd" ] && ! [ -x "/sbin/$cmd" ]; then
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	fi
done
# Python modules the tests import, with Debian's python3 (the packages
# install for it, not for another python3 earlier on PATH).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! "$python" -c 'import junitparser' >/dev/null 2>&1; then
	missing="$missing python3-junitparser"
fi
# Other loaders' boot code, which the tests write into images for install
# to recognise and uninstall to restore, and which `make bench` boots
# (grub-mkimage comes with grub-pc-bin).
[ -e /usr/lib/grub/i386-pc/boot.img ] || missing="$missing grub-pc-bin"
[ -e /usr/lib/syslinux/mbr/mbr.bin ] || missing="$missing syslinux-common"
# GRUB's EFI build: another loader's files on an EFI system partition for
# install to leave alone (tests/cli/install_uefi.sh).
[ -d /usr/lib/grub/x86_64-efi ] || missing="$missing grub-efi-amd64-bin"
# libFuzzer and the sanitizers' runtimes (make fuzz, the corpus tests) are
# only recommended by clang, so a minimal install lacks them.
if ! command -v clang >/dev/null 2>&1 ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return d[0] + (int)n; }' |
	clang -x c -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1; then
	missing="$missing libclang-rt-dev"
fi
# The UEFI firmware the UEFI loader is booted with (docs/uefi.md).
[ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || missing="$missing ovmf"
# QEMU's BIOS image lives in a package of its own on some releases.
if command -v qemu-system-x86_64 >/dev/null 2>&1 && ! [ -e /usr/share/seabios/bios.bin ] &&
	! [ -e /usr/share/qemu/bios.bin ]; then
	missing="$missing seabios"
fi
# A kernel written for GRUB, booted by tests/boot/xen.sh: Debian's Xen.
if ! [ -e /boot/xen-4.17-amd64.gz ]; then
	missing="$missing xen-hypervisor-4.17-amd64"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "ghostboot needs these packages:$missing" >&2
	echo "install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ghostboot needs:$missing (no apt-get here; install them with your package manager)" >&2
	exit 1
fi

echo "ghostboot: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "ghostboot: installed$missing"
