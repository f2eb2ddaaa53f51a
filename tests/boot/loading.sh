# QEMU boot tests of loading in one pass (docs/stage2.md "Kernel load",
# docs/performance.md "Memory"): a kernel with a 64 MiB segment boots in
# QEMU's default 128 MiB, its bytes checked by the kernel itself; a pin
# catches a changed byte in a segment, between segments and in the file's
# last partial sector, as does a raw file's; payloads larger than memory are
# refused with their sizes.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
BLOB_KERNEL=$BUILD/tests/kernel/blob-kernel-64M.elf
SAMPLES="console checksum hello"

# image NAME FS CONFIG KERNEL [mkimage options]: a 160 MiB image (or $size)
# with KERNEL as /boot/kernel.elf, the sample modules and the configuration
# file CONFIG, written as given.
image() {
	name=$1 fs=$2 cfg=$3 add="--add $4=/boot/kernel.elf"
	shift 4
	for m in $SAMPLES; do add="$add --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done
	# shellcheck disable=SC2086
	$GHOSTBOOT mkimage -o "$scratch/$name.img" --size "${size:-160M}" --fs "$fs" --config "$cfg" --no-check \
		$add "$@" >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $name: $(cat "$scratch/mkimage.log")"; return 1; }
}

# config FILE KERNEL_LINE [LINES]: an entry with the sample modules.
config() {
	{
		printf 'entry loading\n    %s\n' "$2"
		for m in $SAMPLES; do printf '    module /boot/modules/%s.gbm\n' "$m"; done
		[ -n "${3:-}" ] && printf '%s\n' "$3"
	} >"$1"
}

expect_blob=$(blob_expectation "$BLOB_KERNEL")
blob_line=$(blob_matched "$BLOB_KERNEL")
pin=$(sha256sum "$BLOB_KERNEL" | cut -d' ' -f1)

config "$scratch/blob-pinned.cfg" "kernel /boot/kernel.elf sha256=$pin" \
	"    cmdline selftest expect-modules=3 $expect_blob"
image blob-fat32 fat32 "$scratch/blob-pinned.cfg" "$BLOB_KERNEL" &&
	boots "a pinned kernel with a 64 MiB segment boots from FAT32 in 128 MiB, every byte in place" \
		"$scratch/blob-fat32.img" --memory 128M --expect "$blob_line"

config "$scratch/blob.cfg" "kernel /boot/kernel.elf" \
	"    cmdline selftest expect-modules=3 $expect_blob"
image blob-ext4 ext4 "$scratch/blob.cfg" "$BLOB_KERNEL" &&
	boots "an unpinned kernel with a 64 MiB segment boots from ext4 in 128 MiB, every byte in place" \
		"$scratch/blob-ext4.img" --memory 128M --expect "$blob_line"

# A copy of the sample kernel with the byte at OFFSET changed, pinned by
# the original's hash: stage 2 must refuse it by its pin.
pin=$(sha256sum "$KERNEL" | cut -d' ' -f1)
config "$scratch/pin.cfg" "kernel /boot/kernel.elf sha256=$pin" "    cmdline selftest"
changed_pin_refused() {
	what=$1 offset=$2
	cp "$KERNEL" "$scratch/changed.elf"
	flip "$scratch/changed.elf" "$offset"
	image changed fat32 "$scratch/pin.cfg" "$scratch/changed.elf" &&
		fails_with "a kernel pin catches a changed byte $what" "$scratch/changed.img" \
			"kernel /boot/kernel.elf: contents do not match the sha256= pin"
}
kernel_size=$(stat -c %s "$KERNEL")
# The last byte is the high byte of the last section header's entry size,
# which nothing else checks; the file does not end on a sector boundary.
[ $((kernel_size % 512)) -ne 0 ] || not_ok "the sample kernel ends on a sector boundary"
changed_pin_refused "in the file's last partial sector" $((kernel_size - 1))
# section_offset NAME: where section NAME of the sample kernel starts in the file.
section_offset() {
	readelf -SW "$KERNEL" | sed -n "s/^ *\[ *[0-9]*\] $1 *[A-Z_]* *[0-9a-f]* \([0-9a-f]*\) .*/\1/p"
}
changed_pin_refused "between segments (in .symtab, which no segment loads)" \
	$((0x$(section_offset .symtab) + 20))
changed_pin_refused "in a segment (.text)" $((0x$(section_offset .text) + 100))

# A raw file of three read chunks and a partial sector, pinned, whose last
# byte changed: hashed as it arrives, it is refused all the same.
head -c $((3 * 520192 + 77)) /dev/urandom >"$scratch/tail.bin"
config "$scratch/tail.cfg" "kernel /boot/kernel.elf" \
	"    cmdline selftest
    file /boot/tail.bin sha256=$(sha256sum "$scratch/tail.bin" | cut -d' ' -f1)"
flip "$scratch/tail.bin" $((3 * 520192 + 76))
image tail fat32 "$scratch/tail.cfg" "$KERNEL" --add "$scratch/tail.bin=/boot/tail.bin" &&
	fails_with "a raw file's pin catches a changed byte in its last partial sector" \
		"$scratch/tail.img" "file /boot/tail.bin: contents do not match the sha256= pin"

# Larger than memory: a 144 MiB raw file, and a kernel whose writable
# segment spans 256 MiB.
head -c $((144 * 1024 * 1024)) /dev/zero >"$scratch/huge.bin"
config "$scratch/huge.cfg" "kernel /boot/kernel.elf" \
	"    cmdline selftest
    file /boot/huge.bin"
size=256M image huge fat32 "$scratch/huge.cfg" "$KERNEL" --add "$scratch/huge.bin=/boot/huge.bin" &&
	fails_with "a file larger than free memory is refused with both sizes" "$scratch/huge.img" \
		"file /boot/huge.bin: 150994944 bytes, more than the largest free memory ([0-9]* bytes)" \
		--memory 128M
rm -f "$scratch/huge.bin" "$scratch/huge.img"
cp "$KERNEL" "$scratch/wide.elf"
python3 -c 'import sys, struct
f = open(sys.argv[1], "r+b")
elf = f.read()
phoff, = struct.unpack_from("<Q", elf, 32)
phnum, = struct.unpack_from("<H", elf, 56)
for i in range(phnum):
    at = phoff + 56 * i
    ptype, flags = struct.unpack_from("<II", elf, at)
    if ptype == 1 and flags & 2:
        f.seek(at + 40)
        f.write(struct.pack("<Q", 256 << 20))' "$scratch/wide.elf"
config "$scratch/wide.cfg" "kernel /boot/kernel.elf" "    cmdline selftest"
image wide fat32 "$scratch/wide.cfg" "$scratch/wide.elf" &&
	fails_with "a kernel segment larger than memory is refused with its size" "$scratch/wide.img" \
		"kernel /boot/kernel.elf: segment at 0x[0-9a-f]*-0x[0-9a-f]* (262144 KiB) overlaps memory the BIOS does not report as usable RAM" \
		--memory 128M

# A kernel file with a second .gbexports outside its segments: named and
# refused before the loader keeps it (the loader holds few pieces apart).
head -c 48 /dev/zero >"$scratch/exports.bin"
objcopy --add-section .gbexportz="$scratch/exports.bin" "$KERNEL" "$scratch/twice.elf" &&
	python3 -c 'import sys
path = sys.argv[1]
data = open(path, "rb").read()
assert data.count(b".gbexportz\0") == 1
open(path, "wb").write(data.replace(b".gbexportz\0", b".gbexports\0"))' "$scratch/twice.elf" ||
	not_ok "a kernel with two .gbexports sections could not be made"
config "$scratch/twice.cfg" "kernel /boot/kernel.elf" "    cmdline selftest"
size=64M image twice fat32 "$scratch/twice.cfg" "$scratch/twice.elf" &&
	fails_with "a kernel with two .gbexports sections is refused by name" "$scratch/twice.img" \
		"kernel /boot/kernel.elf: more than one .gbexports section"

finish
