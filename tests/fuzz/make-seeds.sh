#!/bin/sh
# Regenerates the fuzzers' seed corpora, tests/fuzz/corpus/NAME/, from the
# real tools: mkfs.fat and mtools, mke2fs and debugfs, sfdisk, and the
# modules and kernels gcc and clang built (`make fuzz-seeds` builds them
# first). Images keep only what precedes their empty tail: the fuzzers read
# zeros past the end of an input (tests/fuzz/disk.h). The reproducers of
# problems found (repro-*) are kept: this script never removes them.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
MTOOLSRC=/dev/null
export PATH MTOOLS_SKIP_CHECK MTOOLSRC
export E2FSPROGS_FAKE_TIME=1700000000 SOURCE_DATE_EPOCH=1700000000
corpus=tests/fuzz/corpus
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-seeds.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# seed FUZZER NAME FILE [KIB]: FILE without its trailing zero bytes (and
# without what lies past KIB KiB, such as backup superblocks no reader
# reads), as a seed.
seed() {
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read()[:int(sys.argv[3]) * 1024]
open(sys.argv[2], "wb").write(d.rstrip(b"\0"))' "$3" "$corpus/$1/$2" "${4:-1048576}"
}
for name in fat ext partition config module modules elf multiboot bzimage; do
	mkdir -p "$corpus/$name"
	find "$corpus/$name" -type f ! -name 'repro-*' -delete
done

# --- The tree every filesystem seed holds: the paths of tests/fuzz/files.c.
tree=$scratch/tree
mkdir -p "$tree/boot/modules" "$tree/d1/d2/d3" "$tree/links" "$tree/dir"
cat >"$tree/boot/ghostboot.cfg" <<'CFG'
timeout 3
default demo
entry demo "Demo kernel"
    kernel /boot/kernel.elf
    cmdline selftest
    module /boot/modules/hello.gbm optional
    modules /boot/modules.lst
CFG
cp "$tree/boot/ghostboot.cfg" "$tree/ghostboot.cfg"
echo /boot/modules/hello.gbm >"$tree/boot/modules.lst"
head -c 1000 "$BUILD/modules/hello.gbm" >"$tree/boot/modules/hello.gbm"
printf 'kernel\n' >"$tree/boot/kernel.elf"
printf 'long name\n' >"$tree/Long File Name With Spaces.txt"
printf 'deep down\n' >"$tree/d1/d2/d3/deep.txt"
# Over a dozen blocks of 1 KiB: an indirect block in a block map.
awk 'BEGIN { for (i = 0; i < 1300; i++) printf "line %05d\n", i }' >"$tree/big.bin"
truncate -s 300000 "$tree/sparse.bin"
printf 'end' >>"$tree/sparse.bin"

find "$tree" -exec touch -h -d @1700000000 {} +

# --- FAT12, FAT16, FAT32. mtools writes only to a FAT32 of 65525 clusters
# or more: its FAT, one copy, is 256 KiB of mostly zeros.
fat_seed() {
	img=$scratch/$1.img
	truncate -s "$2" "$img"
	shift 2
	mkfs.fat -i 6b1a4c2e "$@" "$img" >/dev/null
	for entry in boot d1 "Long File Name With Spaces.txt" big.bin; do
		mcopy -s -i "$img" "$tree/$entry" ::/
	done
	mcopy -i "$img" "$tree/ghostboot.cfg" ::/
}
fat_seed fat12 200K -F 12
fat_seed fat16 2200K -F 16 -s 1
fat_seed fat32 33M -F 32 -s 1 -f 1
fat_seed fat12-4k 1M -F 12 -S 4096 -s 1
for label in fat12 fat16 fat32 fat12-4k; do seed fat "$label" "$scratch/$label.img"; done

# --- ext2, ext4 (no journal: it would be most of the image), bigalloc.
uuid=6b1a4c2e-0f3d-4e5a-9c7b-1d2e3f405162
ln -s ../d1/d2/d3/deep.txt "$tree/links/relative"
ln -s /boot/ghostboot.cfg "$tree/links/absolute"
ln -s loop "$tree/links/loop"
ln -s "/$(printf './%.0s' $(seq 40))boot/ghostboot.cfg" "$tree/links/slow"
find "$tree" -exec touch -h -d @1700000000 {} +
ext_seed() {
	img=$scratch/$1.img
	rm -f "$img"
	truncate -s "$2" "$img"
	shift 2
	mke2fs -q -F -N 64 -U "$uuid" -E hash_seed="$uuid" "$@" -d "$tree" "$img" >/dev/null
	seed ext "$(basename "$img" .img)" "$img" 1000
}
ext_seed ext2-1k 1M -t ext2 -b 1024 -O ^has_journal
ext_seed ext2-rev0 1M -t ext2 -b 1024 -r 0
ext_seed ext4-1k 2M -t ext4 -b 1024 -O ^has_journal
ext_seed ext4-4k 4M -t ext4 -b 4096 -O ^has_journal,^resize_inode
ext_seed ext4-meta-bg 2M -t ext4 -b 1024 -g 1024 -O ^has_journal,^resize_inode,meta_bg
ext_seed ext4-bigalloc 4M -t ext4 -b 1024 -C 4096 -O ^has_journal,^resize_inode,bigalloc
# A walk that once stalled a lookup: a root directory of 4 GiB whose
# block pointers all name its one real block.
img=$scratch/alias.img
truncate -s 1M "$img"
mke2fs -q -F -t ext2 -b 1024 -U "$uuid" -E hash_seed="$uuid" "$img" >/dev/null
dir=$(debugfs -R "bmap / 0" "$img" 2>/dev/null)
set -- $(debugfs -R "ffb 3" "$img" 2>/dev/null | sed 's/.*found: //')
python3 - "$img" "$dir" "$1" "$2" "$3" <<'PY'
import struct, sys
img, blocks = sys.argv[1], [int(b) for b in sys.argv[2:]]
with open(img, "r+b") as f:
    for block, target in zip(blocks[1:], blocks):
        f.seek(block * 1024)
        f.write(struct.pack("<256I", *[target] * 256))
PY
{
	for i in 1 2 3 4 5 6 7 8 9 10 11; do echo "sif / block[$i] $dir"; done
	echo "sif / block[IND] $1"
	echo "sif / block[DIND] $2"
	echo "sif / block[TIND] $3"
	echo "sif / size 4294966272"
	echo "sif / blocks 4294967295"
} | debugfs -w -f - "$img" >/dev/null 2>&1
seed ext repro-aliased-directory "$img"

# --- MBR with logical partitions, GPT.
img=$scratch/mbr.img
truncate -s 64K "$img"
printf 'label-id: 0x6b1a4c2e\nstart=8, size=16, type=83, bootable\nstart=24, size=8, type=c\nstart=40, size=80, type=5\nstart=48, size=8, type=83\nstart=64, size=8, type=83\n' |
	sfdisk -q --no-reread -X dos "$img" >/dev/null
cp "$img" "$corpus/partition/mbr" # whole: the reader checks partitions against the disk
img=$scratch/gpt.img
truncate -s 64K "$img"
printf 'label-id: 6B1A4C2E-0F3D-4E5A-9C7B-1D2E3F405162\nstart=34, size=16, type=21686148-6449-6E6F-744E-656564454649, uuid=11111111-2222-4333-8444-555555555555\nstart=50, size=24, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=66666666-7777-4888-9999-AAAAAAAAAAAA\n' |
	sfdisk -q --no-reread -X gpt "$img" >/dev/null
cp "$img" "$corpus/partition/gpt" # the backup header is its last sector

# --- Configurations: the files above, and the grammar's corners.
cp "$tree/boot/ghostboot.cfg" "$corpus/config/generated"
cat >"$corpus/config/full" <<'CFG'
# every keyword and value form
timeout 10
default "second one"
serial 115200
entry first "First \"quoted\" title"
    kernel /boot/kernel.elf sha256=0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef
    cmdline console=ttyS0 "quoted arg" root=/dev/sda1 # comment
    module /boot/modules/console.gbm
    module /boot/"my dir"/extra.gbm optional sha256=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
entry "second one"
    kernel /k#comment
    modules /boot/modules.lst sha256=0000000000000000000000000000000000000000000000000000000000000000
CFG
printf '\357\273\277timeout 0\r\nentry crlf\r\n    kernel /boot/kernel.elf\r\n' >"$corpus/config/bom-crlf"
printf '/boot/modules/console.gbm\n/boot/modules/hello.gbm optional\n# comment\n\n/x.gbm sha256=%064d optional\n' 0 \
	>"$corpus/config/module-list"

# --- Modules: gcc and clang objects, at -O0 and -O2; pairs where the
# second imports from the first (length of the first, 4 bytes, then both).
for variant in gcc-O0 gcc-O2 clang-O0 clang-O2; do
	for object in "$BUILD/tests/ghost/corpus/$variant"/tests/ghost/corpus/*.o \
		"$BUILD/tests/ghost/corpus/$variant"/kernel/modules/*.o; do
		objcopy --strip-debug "$object" "$corpus/module/$variant-$(basename "$object" .o)"
	done
done
pair() {
	python3 -c 'import struct, sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
open(sys.argv[3], "wb").write(struct.pack("<I", len(a)) + a + b)' "$corpus/module/$1" "$corpus/module/$2" \
		"$corpus/modules/$1+$2"
}
pair gcc-O2-relocs gcc-O2-uses
pair clang-O2-tables clang-O2-uses
pair gcc-O0-console gcc-O0-hello
pair clang-O2-console clang-O2-checksum

# --- Kernels: the sample kernel and the export-table fixture, stripped.
objcopy --strip-debug "$BUILD/kernel/kernel.elf" "$corpus/elf/sample-kernel"
objcopy --strip-debug "$BUILD/tests/ghost/kernel.elf" "$corpus/elf/exports-kernel"

du -sh "$corpus"

# --- Multiboot headers: the test kernels of tests/boot/multiboot/, good and
# damaged, Multiboot 1 (ELF and address fields) and 2 (relocatable too).
for kernel in "$BUILD"/tests/multiboot/*.kernel; do
	cp "$kernel" "$corpus/multiboot/$(basename "$kernel" .kernel)"
done

# --- bzImage headers: Debian's kernel (scripts/fetch-linux.sh), its setup
# code and 4 KiB of the kernel with syssize cut to match, and the same
# claiming boot protocol 2.01.
vmlinuz=$(ls "$BUILD"/linux/root/boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -n "$vmlinuz" ]; then
	python3 -c 'import struct, sys
data = open(sys.argv[1], "rb").read()
setup = ((data[0x1f1] or 4) + 1) * 512
cut = bytearray(data[:setup + 4096])
cut[0x1f4:0x1f8] = struct.pack("<I", 4096 // 16)
open(sys.argv[2] + "/debian-cut", "wb").write(cut)
cut[0x206:0x208] = struct.pack("<H", 0x0201)
open(sys.argv[2] + "/protocol-2.01", "wb").write(cut)' "$vmlinuz" "$corpus/bzimage"
fi
