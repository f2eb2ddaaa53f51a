#!/bin/sh
# The ext2/ext3/ext4 reader (fs/) against images made by the real tools:
# mke2fs -d formats and fills, debugfs and e2fsck reshape, and
# build/tests/bin/fsread reads back through fs/: every file must come out
# byte for byte as it went in, and every damaged image must end in an error.
. tests/lib.sh
. tests/fs/lib.sh

for tool in mke2fs debugfs e2fsck; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "ext2: $tool is missing (apt-get install e2fsprogs)"
		finish
		exit
	fi
done
if ! [ -x "$FSREAD" ]; then
	not_ok "ext2: $FSREAD is missing (make test-programs)"
	finish
	exit
fi

# mke2fs -d stamps files with their times; these keep images reproducible.
export E2FSPROGS_FAKE_TIME=1700000000

# --- The files every image gets -------------------------------------------
src=$scratch/src
mkdir -p "$src/d1/d2/d3/d4/d5/d6" "$src/bounds" "$src/links"
printf 'hello\n' >"$src/hello.txt"
printf 'spaces\n' >"$src/name with spaces.txt"
printf 'bytes\n' >"$src/Ünïcödé name €.txt"
printf 'long\n' >"$src/$(printf '%0255d' 7)"
: >"$src/empty.bin"
printf 'deep down\n' >"$src/d1/d2/d3/d4/d5/d6/deep file.txt"
# Past the 12 direct and the single-indirect blocks of 1 KiB blocks.
head -c 1048699 /dev/urandom >"$src/big.bin"
# Holes: block maps and extents with gaps, data at odd offsets.
truncate -s 3000000 "$src/sparse.bin"
for at in 0 70000 1048576 2999990; do
	printf 'data at %d' $at | dd of="$src/sparse.bin" bs=1 seek=$at conv=notrunc 2>/dev/null
done
# Files one byte short of, exactly at and one past each block size.
for size in 1024 2048 4096 65536; do
	head -c $((size - 1)) /dev/urandom >"$src/bounds/$size-minus-one.bin"
	head -c $size /dev/urandom >"$src/bounds/$size-exact.bin"
	head -c $((size + 1)) /dev/urandom >"$src/bounds/$size-plus-one.bin"
done
# Symbolic links: fast (in the inode) and slow (in a block, over 60 bytes),
# relative and absolute, to files and to directories, chained and looping.
ln -s ../hello.txt "$src/links/relative"
ln -s /d1/d2 "$src/links/absolute-dir"
ln -s relative "$src/links/chain"
ln -s "../d1/./d2/./d3/./d4/./d5/./d6/../../../../../../d1/d2/d3/d4/d5/d6/deep file.txt" \
	"$src/links/slow-relative"
ln -s "/./././././././././././././././././././d1/d2/d3/d4/d5/d6/deep file.txt" "$src/links/slow-absolute"
ln -s "/$(printf './%.0s' $(seq 450))hello.txt" "$src/links/slow-long"
ln -s /links/absolute-dir/d3 "$src/links/to-link-dir"
ln -s loop-b "$src/links/loop-a"
ln -s loop-a "$src/links/loop-b"
ln -s nowhere "$src/links/dangling"
ln -s /links "$src/links/self-dir"

# The same, and a directory of thousands of long names: e2fsck -D turns it
# into a hash tree of two levels (with 1 KiB blocks).
src_many=$scratch/src-many
cp -a "$src" "$src_many"
mkdir "$src_many/many"
i=0
while [ $i -lt 2500 ]; do
	printf 'entry %d\n' $i >"$src_many/many/entry-$i-$(printf '%080d' $i).txt"
	i=$((i + 1))
done
many_name() { echo "/many/entry-$1-$(printf '%080d' "$1").txt"; }


# inode_at IMG PATH: the byte offset of PATH's inode in IMG.
inode_at() {
	debugfs -R "imap \"$2\"" "$1" 2>/dev/null |
		sed -n 's/.*located at block \([0-9]*\), offset 0x\([0-9a-f]*\).*/\1 \2/p' | {
		read -r imap_block imap_offset
		echo $((imap_block * $(block_size "$1") + 0x$imap_offset))
	}
}
block_size() { echo $((1024 << $(u32 "$1" $((1024 + 24))))); }
# first_block IMG PATH: the disk block of PATH's first block.
first_block() { debugfs -R "bmap \"$2\" 0" "$1" 2>/dev/null; }

# make_image LABEL SIZE SOURCE MKE2FS_ARGS...: $scratch/LABEL.img from SOURCE.
make_image() {
	img=$scratch/$1.img
	size=$2
	from=$3
	shift 3
	rm -f "$img"
	truncate -s "$size" "$img" && mke2fs -q -F "$@" -d "$from" "$img" >/dev/null 2>&1
}

# check_every_file LABEL IMG SOURCE [FSREAD OPTIONS]: every regular file of
# the source tree but the thousands in many/ reads back.
check_every_file() {
	label=$1
	img=$2
	from=$3
	shift 3
	bad=""
	(cd "$from" && find . -path ./many -prune -o -type f -print | sed 's|^\./||') >"$scratch/list"
	while IFS= read -r f; do
		same_as "$from/$f" "$@" "$img" "/$f" || bad="$bad /$f"
	done <"$scratch/list"
	if [ -z "$bad" ]; then ok "$label: every file reads back byte for byte"; else not_ok "$label: differs:$bad"; fi
}

check_links() {
	label=$1
	img=$2
	bad=""
	same_as "$src/hello.txt" "$img" /links/relative || bad="$bad relative"
	same_as "$src/hello.txt" "$img" /links/chain || bad="$bad chain"
	same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" "/links/absolute-dir/d3/d4/d5/d6/deep file.txt" ||
		bad="$bad absolute-dir"
	same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" /links/slow-relative || bad="$bad slow-relative"
	same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" /links/slow-absolute || bad="$bad slow-absolute"
	same_as "$src/hello.txt" "$img" /links/slow-long || bad="$bad slow-long"
	same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" "/links/to-link-dir/d4/d5/d6/deep file.txt" ||
		bad="$bad to-link-dir"
	same_as "$src/hello.txt" "$img" /links/self-dir/self-dir/self-dir/relative || bad="$bad self-dir"
	same_as "$src/hello.txt" "$img" /links/absolute-dir/../../hello.txt || bad="$bad dotdot"
	if [ -z "$bad" ]; then ok "$label: symbolic links, fast and slow, relative and absolute"; else not_ok "$label: links:$bad"; fi
}

check_many() {
	label=$1
	img=$2
	bad=""
	for i in 0 1 2 77 1000 1999 2498 2499; do
		run_fsread "$img" "$(many_name $i)" && [ "$(cat "$out")" = "entry $i" ] || bad="$bad $i"
	done
	run_fsread "$img" "$(many_name 2500)"
	[ $? -eq 1 ] && grep -q "file not found" "$err" || bad="$bad (2500 found)"
	if [ -z "$bad" ]; then ok "$label: a directory of 2500 entries"; else not_ok "$label: many/:$bad"; fi
}

# check_image LABEL SIZE KIND SOURCE MKE2FS_ARGS...: the whole set on one format.
check_image() {
	label=$1
	size=$2
	kind=$3
	from=$4
	shift 4
	if ! make_image "$label" "$size" "$from" "$@"; then
		not_ok "$label: could not build the image (mke2fs $*)"
		return 1
	fi
	img=$scratch/$label.img
	if [ "$from" = "$src_many" ]; then
		e2fsck -fyD "$img" >/dev/null 2>&1
		if debugfs -R "htree_dump /many" "$img" 2>/dev/null | grep -q "Indirect levels: 1"; then
			ok "$label: many/ is a hash tree of two levels"
		elif debugfs -R "htree_dump /many" "$img" 2>/dev/null | grep -q "Root node dump"; then
			ok "$label: many/ is a hash tree"
		else
			not_ok "$label: e2fsck -D made no hash tree of many/"
		fi
	fi
	run_fsread --info "$img"
	case "$(cat "$out")" in
	"$kind "*) ok "$label: detected as $kind ($(cat "$out"))" ;;
	*) not_ok "$label: detected as '$(cat "$out" "$err")', expected $kind" ;;
	esac
	check_every_file "$label" "$img" "$from"
	check_links "$label" "$img"
	[ "$from" = "$src_many" ] && check_many "$label" "$img"
	return 0
}

# --- Formats ------------------------------------------------------------
check_image ext2-1k 16M ext2 "$src_many" -t ext2 -b 1024
check_image ext2-2k 16M ext2 "$src" -t ext2 -b 2048
check_image ext2-4k 16M ext2 "$src" -t ext2 -b 4096
check_image ext2-64k 64M ext2 "$src" -t ext2 -b 65536
check_image ext2-rev0 16M ext2 "$src" -t ext2 -r 0
check_image ext2-inode128 16M ext2 "$src" -t ext2 -I 128
check_image ext2-inode1024 16M ext2 "$src" -t ext2 -b 4096 -I 1024
check_image ext3 16M ext3 "$src" -t ext3
check_image ext4-1k 32M ext4 "$src_many" -t ext4 -b 1024
check_image ext4-4k 32M ext4 "$src" -t ext4 -b 4096
check_image ext4-64k 64M ext4 "$src" -t ext4 -b 65536
# meta_bg: 1 MiB groups of 48 inodes spread many/ over the meta groups
# (the groups one descriptor block describes), each of which keeps its
# descriptors in its first group: after a superblock backup there without
# sparse_super, in the first block with it.
# check_meta_bg LABEL DESCRIPTORS_PER_BLOCK KIND MKE2FS_ARGS...
check_meta_bg() {
	label=$1
	per_block=$2
	kind=$3
	shift 3
	check_image "$label" 64M "$kind" "$src_many" -b 1024 -g 1024 -N 3072 "$@" || return
	meta_group=$(debugfs -R "imap \"$(many_name 2499)\"" "$scratch/$label.img" 2>/dev/null |
		sed -n 's/.*block group \([0-9]*\).*/\1/p')
	meta_group=$((${meta_group:-0} / per_block))
	if [ "$meta_group" -ge 1 ]; then
		ok "$label: the last of many/ has its inode in meta group $meta_group"
	else
		not_ok "$label: the last of many/ is in meta group 0"
	fi
}
check_meta_bg ext4-meta_bg 16 ext4 -t ext4 -O meta_bg,^resize_inode
check_meta_bg ext2-meta_bg 32 ext2 -t ext2 -O meta_bg,^resize_inode,^sparse_super
check_every_file "ext4-4k on a 4096-byte-sector device" "$scratch/ext4-4k.img" "$src" --sector-size 4096
check_every_file "ext2-1k on a 4096-byte-sector device (blocks smaller than sectors)" \
	"$scratch/ext2-1k.img" "$src" --sector-size 4096

# --- Files that need every level of a block map and deep extent trees ------
# A sparse file past 64 MiB + 256 KiB + 12 KiB: with 1 KiB blocks its last
# pieces lie under the triple-indirect block; mke2fs -d keeps the holes.
tri=$scratch/tri
mkdir -p "$tri"
truncate -s 75M "$tri/triple.bin"
for kib in 0 5 11 12 13 100 267 268 5000 65804 65805 66000 76799; do
	printf 'data at %d KiB' $kib | dd of="$tri/triple.bin" bs=1024 seek=$kib conv=notrunc 2>/dev/null
done
if make_image ext2-triple 8M "$tri" -t ext2 -b 1024 &&
	debugfs -R "stat /triple.bin" "$scratch/ext2-triple.img" 2>/dev/null | grep -q "(TIND)"; then
	ok "ext2-triple: a 75 MiB sparse file with a triple-indirect block"
	check "ext2-triple: it reads back" same_as "$tri/triple.bin" "$scratch/ext2-triple.img" /triple.bin
	slice "$tri/triple.bin" 67383000 100000 >"$scratch/want"
	check "ext2-triple: a piece under the triple-indirect block" \
		same_as "$scratch/want" "$scratch/ext2-triple.img" /triple.bin 67383000 100000
else
	not_ok "ext2-triple: no triple-indirect block in the image"
fi

# A deep extent tree: 1600 one-block files, every other one deleted, then a
# file written by debugfs into the holes, one extent each.
frag=$scratch/frag
mkdir -p "$frag/pieces"
head -c 1024 /dev/urandom >"$scratch/piece"
i=0
while [ $i -lt 1600 ]; do
	cp "$scratch/piece" "$frag/pieces/p$i"
	i=$((i + 1))
done
head -c 900000 /dev/urandom >"$scratch/scattered.bin"
img=$scratch/ext4-deep.img
if make_image ext4-deep 8M "$frag" -t ext4 -b 1024 -N 2048; then
	i=0
	while [ $i -lt 1600 ]; do
		echo "rm /pieces/p$i"
		i=$((i + 2))
	done >"$scratch/cmds"
	echo "write $scratch/scattered.bin /scattered.bin" >>"$scratch/cmds"
	debugfs -w -f "$scratch/cmds" "$img" >/dev/null 2>&1
fi
# "ex" lines start "LEVEL/ DEPTH".
depth=$(debugfs -R "ex /scattered.bin" "$img" 2>/dev/null | awk 'NR == 2 { print $2 }')
if [ "${depth:-0}" -ge 2 ]; then
	ok "ext4-deep: /scattered.bin has an extent tree of depth $depth ($(debugfs -R "ex /scattered.bin" "$img" 2>/dev/null | wc -l) lines of extents)"
else
	not_ok "ext4-deep: extent tree depth '${depth:-?}', expected 2 or more"
fi
check "ext4-deep: the scattered file reads back" same_as "$scratch/scattered.bin" "$img" /scattered.bin
for chunk in 1000 4097 65535; do
	check "ext4-deep: in pieces of $chunk bytes" same_as "$scratch/scattered.bin" --chunk "$chunk" "$img" /scattered.bin
done
slice "$scratch/scattered.bin" 333333 200000 >"$scratch/want"
check "ext4-deep: at an odd offset" same_as "$scratch/want" "$img" /scattered.bin 333333 200000
check "ext4-deep: a file between the holes" same_as "$scratch/piece" "$img" /pieces/p1599
run_fsread --stat "$img" /scattered.bin
case "$(cat "$out")" in
*"extents depth=$depth") ok "ext4-deep: fsread sees the same depth ($(cat "$out"))" ;;
*) not_ok "ext4-deep: fsread --stat: $(cat "$out" "$err")" ;;
esac

# Uninitialized extents (debugfs fallocate) over blocks that still hold a
# deleted file's bytes read as zeros.
img=$scratch/ext4-unwritten.img
printf 'head' >"$scratch/head"
head -c 60000 /dev/urandom >"$scratch/junk"
rm -f "$img"
truncate -s 4M "$img" && mke2fs -q -F -t ext4 -b 1024 "$img" >/dev/null 2>&1
debugfs -w -f - "$img" >/dev/null 2>&1 <<EOF
write $scratch/junk /junk
rm /junk
write $scratch/head /unwritten
fallocate /unwritten 4 40
sif /unwritten size 45000
EOF
{ cat "$scratch/head"; head -c $((45000 - 4)) /dev/zero; } >"$scratch/want"
uninit=$(debugfs -R "ex /unwritten" "$img" 2>/dev/null | awk '$NF == "Uninit" { print $8 }')
if [ -n "$uninit" ] && [ "$(dd if="$img" bs=1024 skip="$uninit" count=1 2>/dev/null | tr -d '\000' | wc -c)" -gt 0 ]; then
	check "uninitialized extent over old data reads as zeros" same_as "$scratch/want" "$img" /unwritten
else
	not_ok "no uninitialized extent over old data in $img (debugfs fallocate)"
fi

# --- Reads at odd offsets and lengths, and in odd pieces ------------------
for label in ext2-1k ext4-4k; do
	img=$scratch/$label.img
	bad=""
	for file in big.bin sparse.bin; do
		size=$(wc -c <"$src/$file")
		for range in 0:1 1:1 1023:2 1024:1024 1025:3000 4095:2 12287:5000 70000:20 \
			275000:300000 $((size - 7)):100 $((size - 1)):1 $size:10 $((size + 100)):10 0:0; do
			offset=${range%%:*}
			length=${range#*:}
			slice "$src/$file" "$offset" "$length" >"$scratch/want"
			same_as "$scratch/want" "$img" "/$file" "$offset" "$length" || bad="$bad $file@$range"
		done
		for chunk in 1000 4097 65535; do
			same_as "$src/$file" --chunk "$chunk" "$img" "/$file" || bad="$bad $file/$chunk"
		done
	done
	if [ -z "$bad" ]; then ok "$label: reads at odd offsets, lengths and in pieces"; else not_ok "$label: reads at$bad"; fi
done

# --- Device reads: a contiguous file is read in one go --------------------
# reads_of FSREAD_ARGS...: "mount open read" device read counts.
reads_of() {
	"$FSREAD" --count-reads "$@" 2>&1 >/dev/null | sed -n 's/^reads: mount=\([0-9]*\) open=\([0-9]*\) read=\([0-9]*\)$/\1 \2 \3/p'
}
mkdir -p "$scratch/kernel"
head -c 4194304 /dev/urandom >"$scratch/kernel/kernel.elf"
# mount reads FAT's boot sector first, then the ext superblock.
for format in "ext4 1 -t ext4 -b 4096" "ext2 4 -t ext2 -b 4096"; do
	set -- $format
	label=$1
	most=$2
	shift 2
	if ! make_image contig 64M "$scratch/kernel" "$@"; then
		not_ok "contig $label: could not build the image"
		continue
	fi
	img=$scratch/contig.img
	check "$label: a 4 MiB file reads back" same_as "$scratch/kernel/kernel.elf" "$img" /kernel.elf
	set -- $(reads_of --chunk 4194304 "$img" /kernel.elf)
	if [ $# -eq 3 ] && [ "$1" -le 2 ] && [ "$2" -le 3 ] && [ "$3" -le "$most" ]; then
		ok "$label: 4 MiB file: $1 device reads to mount, $2 to open, $3 to read"
	else
		not_ok "$label: 4 MiB file costs too many device reads: mount, open, read = ${*:-?}"
	fi
	set -- $(reads_of --chunk 65536 "$img" /kernel.elf)
	if [ $# -eq 3 ] && [ "$3" -le $((64 + most)) ]; then
		ok "$label: 4 MiB file in 64 KiB pieces: $3 device reads"
	else
		not_ok "$label: 4 MiB file in 64 KiB pieces: ${3:-?} device reads"
	fi
done

# --- Errors ---------------------------------------------------------------
img=$scratch/ext4-1k.img
fails_with "missing file" "file not found" "$img" /no/such/file.txt
fails_with "missing file in a directory" "file not found" "$img" /d1/d2/nothing
fails_with "path through a file" "not a directory" "$img" /hello.txt/inside
fails_with "a directory opened as a file" "not a regular file" "$img" /d1/d2
fails_with "a link to a directory opened as a file" "not a regular file" "$img" /links/absolute-dir
fails_with "relative path" "not absolute" "$img" hello.txt
fails_with "path component over 255 bytes" "bad path" "$img" "/$(printf '%0256d' 7)"
fails_with "names compare exactly" "file not found" "$img" /HELLO.TXT
fails_with "a dangling symbolic link" "file not found" "$img" /links/dangling
fails_with "a symbolic link loop" "too many symbolic links" "$img" /links/loop-a
fails_with "inline data is refused by name" "inline data" \
	"$(make_image inline 16M "$src" -t ext4 -O inline_data && echo "$scratch/inline.img")" /hello.txt

# Features: debugfs rewrites the superblock and its checksum.
feature() {
	cp "$1" "$scratch/c.img" && debugfs -w -R "feature $2" "$scratch/c.img" >/dev/null 2>&1
}
feature "$scratch/ext4-4k.img" encrypt
fails_with "a known feature it cannot read" "unsupported ext4 feature: encrypt" "$scratch/c.img" /hello.txt
feature "$scratch/ext4-4k.img" FEATURE_I31
fails_with "an incompatible feature it does not know" "unsupported ext4 feature: incompat 0x80000000" \
	"$scratch/c.img" /hello.txt
feature "$scratch/ext4-4k.img" FEATURE_R31
check "an unknown read-only feature is fine" same_as "$src/hello.txt" "$scratch/c.img" /hello.txt
feature "$scratch/ext3.img" needs_recovery
fails_with "ext3 journal that needs recovery" "journal needs recovery" "$scratch/c.img" /hello.txt
feature "$scratch/ext4-4k.img" needs_recovery
fails_with "ext4 journal that needs recovery" "journal needs recovery" "$scratch/c.img" /hello.txt

# The superblock (ext2, no checksum; byte offsets of "Super Block").
base=$scratch/ext2-4k.img
sb=1024
damage() { cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((sb + $1)) "$2"; }
damage 56 0
fails_with "no magic" "no filesystem" "$scratch/c.img" /hello.txt
damage 24 7
fails_with "block size 128 KiB" "block size is not" "$scratch/c.img" /hello.txt
damage 32 0
fails_with "blocks per group 0" "blocks per group" "$scratch/c.img" /hello.txt
damage 40 0
fails_with "inodes per group 0" "inodes per group" "$scratch/c.img" /hello.txt
damage 40 $(($(u32 "$base" $((sb + 40))) - 8))
fails_with "inodes per group not dividing the inode count" "inode count" "$scratch/c.img" /hello.txt
damage 4 $(($(u32 "$base" $((sb + 4))) + 40000))
fails_with "block count past the device" "larger than the device" "$scratch/c.img" /hello.txt
damage 32 1024
fails_with "group count against the block count" "group count" "$scratch/c.img" /hello.txt
damage 20 1
fails_with "first data block 1 with 4 KiB blocks" "first data block" "$scratch/c.img" /hello.txt
damage 76 2
fails_with "revision 2" "revision" "$scratch/c.img" /hello.txt
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((sb + 88)) 100 0
fails_with "inode size 100" "inode size" "$scratch/c.img" /hello.txt
head -c 8388608 "$base" >"$scratch/c.img"
fails_with "truncated image" "larger than the device" "$scratch/c.img" /hello.txt
head -c 1048576 /dev/zero >"$scratch/c.img"
fails_with "blank disk" "no filesystem" "$scratch/c.img" /hello.txt
cp "$scratch/ext4-4k.img" "$scratch/c.img" && put "$scratch/c.img" $((sb + 120)) 88
fails_with "ext4 superblock changed behind its checksum" "superblock checksum mismatch" "$scratch/c.img" /hello.txt

# Group descriptors and inodes.
gdt=$(block_size "$base")
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((gdt + 8)) 4000000
fails_with "inode table out of range" "inode table out of range" "$scratch/c.img" /hello.txt
at=$(inode_at "$base" /big.bin)
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((at + 40)) 5000000
fails_with "direct block out of range" "block number out of range" "$scratch/c.img" /big.bin
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((at + 40 + 12 * 4)) 5000000
fails_with "indirect block out of range" "indirect block number out of range" "$scratch/c.img" /big.bin
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((at + 26)) 0 0
fails_with "a free inode in a directory" "free inode" "$scratch/c.img" /big.bin
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((at + 108)) 65536
fails_with "a size past what the block map reaches" "can address" "$scratch/c.img" /big.bin
dir=$(($(first_block "$base" /d1) * $(block_size "$base")))
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((dir + 4)) 0 0
fails_with "directory entry of length 0" "directory entry length" "$scratch/c.img" /d1/d2/d3/d4/d5/d6/"deep file.txt"
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((dir + 4)) 0 32
fails_with "directory entry past its block" "overruns its block" "$scratch/c.img" /d1/d2/d3/d4/d5/d6/"deep file.txt"
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((dir + 12 + 6)) 250
fails_with "directory entry shorter than its name" "too short for its name" "$scratch/c.img" /d1/d2/d3/d4/d5/d6/"deep file.txt"
# The entry after "." and "..": d2.
entry=$((dir + 24))
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" "$entry" 4000000000
fails_with "inode number out of range" "inode number out of range" "$scratch/c.img" /d1/d2/d3/d4/d5/d6/"deep file.txt"
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" "$entry" 7
fails_with "a reserved inode in a directory" "reserved inode" "$scratch/c.img" /d1/d2/d3/d4/d5/d6/"deep file.txt"

# Extent trees (ext4-deep: the root in the inode points to index blocks).
base=$scratch/ext4-deep.img
at=$(inode_at "$base" /scattered.bin)
root=$((at + 40))
cp "$base" "$scratch/c.img" && put "$scratch/c.img" "$root" 0 0
fails_with "extent header magic" "extent header magic" "$scratch/c.img" /scattered.bin
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((root + 6)) 6 0
fails_with "extent tree deeper than 5" "extent tree depth" "$scratch/c.img" /scattered.bin
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((root + 6)) 1 0
fails_with "extent tree depth against its nodes" "extent tree depth" "$scratch/c.img" /scattered.bin
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((root + 2)) 5 0
fails_with "more extents than fit the inode" "more entries than fit" "$scratch/c.img" /scattered.bin
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((root + 12 + 4)) 4000000
fails_with "extent index block out of range" "extent tree block out of range" "$scratch/c.img" /scattered.bin
at=$(inode_at "$base" /pieces/p1)
cp "$base" "$scratch/c.img" && put32 "$scratch/c.img" $((at + 40 + 12 + 8)) 4000000
fails_with "extent out of range" "extent points outside the volume" "$scratch/c.img" /pieces/p1
cp "$base" "$scratch/c.img" && put "$scratch/c.img" $((at + 40 + 12 + 4)) 0 0
fails_with "extent of no blocks" "extent of no blocks" "$scratch/c.img" /pieces/p1

# Random damage where the reads look: the superblock, the first group
# descriptors, the inodes, directory blocks, indirect blocks and extent nodes
# of the paths read. Every read must end, with the data or an error, never
# with a crash or a hang. EXT2_DAMAGE_SEEDS runs more rounds (by hand, with
# fsread built with -fsanitize=address,undefined).
# metadata_ranges IMG PATH: "OFFSET LENGTH" lines, for PATH and each
# directory on the way to it.
metadata_ranges() {
	img=$1
	bs=$(block_size "$img")
	echo "1024 1024"
	echo "$(((bs == 1024 ? 2 : 1) * bs)) 128"
	walk=$2
	while [ -n "$walk" ]; do
		echo "$walk"
		walk=${walk%/*}
	done | while IFS= read -r on_the_way; do
		for part in / "$on_the_way"; do
			echo "$(inode_at "$img" "$part") 160"
			debugfs -R "stat \"$part\"" "$img" 2>/dev/null | tr ' ,' '\n\n' |
				sed -n 's/^(T\{0,1\}D\{0,1\}IND):\([0-9]*\)$/\1/p' |
				while read -r block; do echo "$((block * bs)) $bs"; done
			debugfs -R "ex \"$part\"" "$img" 2>/dev/null |
				awk -v bs="$bs" 'NR > 1 && $1 + 0 < $2 + 0 { print $8 * bs, bs }'
			case "$(debugfs -R "stat \"$part\"" "$img" 2>/dev/null | head -n 1)" in
			*directory*) echo "$(($(first_block "$img" "$part") * bs)) $bs" ;;
			esac
		done
	done
}
# damage_test LABEL PATH[@OFFSET]...: rounds of damage to $scratch/LABEL.img,
# reading 1 MiB of each PATH from OFFSET (0): a damaged size may make a file
# of terabytes of holes, which would read as zeros for a long while.
damage_test() {
	label=$1
	shift
	base=$scratch/$label.img
	for path in "$@"; do echo "${path%@*}"; done >"$scratch/paths"
	while IFS= read -r path; do metadata_ranges "$base" "$path"; done <"$scratch/paths" |
		sort -u >"$scratch/ranges"
	crashed=""
	errors=0
	reads=0
	seed=1
	while [ $seed -le "${EXT2_DAMAGE_SEEDS:-40}" ]; do
		cp "$base" "$scratch/c.img"
		for hit in $(awk -v seed=$seed '{ start[NR] = $1; size[NR] = $2 }
			END { srand(seed); for (i = 0; i < 6; i++) { r = 1 + int(rand() * NR);
				printf "%d:%d\n", start[r] + int(rand() * size[r]), int(rand() * 256) } }' "$scratch/ranges"); do
			put "$scratch/c.img" "${hit%%:*}" "${hit#*:}"
		done
		for path in "$@"; do
			offset=0
			case "$path" in *@*) offset=${path##*@} ;; esac
			run_fsread "$scratch/c.img" "${path%@*}" "$offset" 1048576
			status=$?
			reads=$((reads + 1))
			[ $status -eq 1 ] && errors=$((errors + 1))
			[ $status -le 1 ] || crashed="$crashed seed=$seed:$path:status=$status"
		done
		seed=$((seed + 1))
	done
	if [ -z "$crashed" ]; then
		ok "$label: damaged metadata: $reads reads end cleanly, $errors of them with an error"
	else
		not_ok "$label: damaged images:$crashed"
	fi
}
# A root directory whose block pointers all name the same block, claiming
# 4 GiB on a 1 MiB volume: every lookup of a missing name would walk 4
# million blocks. It is refused at once, so is one that owns no more blocks
# than the volume has but is larger than it.
# fill_pointers IMG BLOCK VALUE: a 1 KiB block of 256 pointers to VALUE.
fill_pointers() {
	i=0
	while [ $i -lt 256 ]; do put32 "$1" $(($2 * 1024 + i * 4)) "$3"; i=$((i + 1)); done
}
img=$scratch/alias.img
rm -f "$img"
if quietly mke2fs -q -t ext2 -b 1024 -F "$img" 1M; then
	dir=$(debugfs -R "bmap / 0" "$img" 2>/dev/null)
	set -- $(debugfs -R "ffb 3" "$img" 2>/dev/null | sed 's/.*found: //')
	fill_pointers "$img" "$1" "$dir"
	fill_pointers "$img" "$2" "$1"
	fill_pointers "$img" "$3" "$2"
	{
		for i in 1 2 3 4 5 6 7 8 9 10 11; do echo "sif / block[$i] $dir"; done
		echo "sif / block[IND] $1"
		echo "sif / block[DIND] $2"
		echo "sif / block[TIND] $3"
		echo "sif / size 4294966272"
		echo "sif / blocks 4294967295"
	} >"$scratch/cmds"
	debugfs -w -f "$scratch/cmds" "$img" >/dev/null 2>&1
	fails_with "aliased directory of 4 GiB on 1 MiB" "inode owns more blocks than the volume has" \
		"$img" /missing
	printf 'sif / blocks 2048\nsif / size 1048576\n' | debugfs -w -f - "$img" >/dev/null 2>&1
	fails_with "directory larger than the volume" "directory is larger than the volume" "$img" /missing
	debugfs -w -R "sif / size 1022976" "$img" >/dev/null 2>&1
	start=$(date +%s)
	run_fsread "$img" /missing
	if grep -q "file not found" "$err" && [ $(($(date +%s) - start)) -lt 5 ]; then
		ok "an aliased directory the size of the volume is walked in bounded time"
	else
		not_ok "aliased directory of 999 blocks: $(cat "$err")"
	fi
else
	not_ok "mke2fs makes a 1 MiB ext2 image"
fi

damage_test ext2-2k /hello.txt /big.bin /sparse.bin "/d1/d2/d3/d4/d5/d6/deep file.txt" /links/slow-long /links/chain
damage_test ext4-1k /hello.txt /big.bin /sparse.bin /links/slow-absolute "$(many_name 2400)"
damage_test ext2-triple /triple.bin@67383000
damage_test ext4-deep /scattered.bin /pieces/p1599

finish
