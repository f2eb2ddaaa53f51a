#!/bin/sh
# The FAT reader (fs/) against images made by the real tools: mkfs.fat
# formats, mtools writes, build/tests/bin/fsread reads back through fs/,
# and every file must come out byte for byte as it went in.
. tests/lib.sh
. tests/fs/lib.sh

# mtools turns names into UCS-2 through the locale's character set.
if locale -a 2>/dev/null | grep -qi '^c\.utf-\{0,1\}8$'; then
	export LC_ALL=C.UTF-8
	unicode=yes
else
	unicode=no
fi

for tool in mkfs.fat mcopy mmd mdel; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "fat: $tool is missing (apt-get install dosfstools mtools)"
		finish
		exit
	fi
done
if ! [ -x "$FSREAD" ]; then
	not_ok "fat: $FSREAD is missing (make test-programs)"
	finish
	exit
fi


# --- The files every image gets -------------------------------------------
src=$scratch/src
mkdir -p "$src/d1/d2/d3/d4/d5/d6" "$src/many"
printf 'hello\n' >"$src/hello.txt"
printf 'long\n' >"$src/A Long File Name With Spaces.txt"
printf 'mixed\n' >"$src/MixedCase.Txt"
: >"$src/empty.bin"
printf 'deep down\n' >"$src/d1/d2/d3/d4/d5/d6/deep file.txt"
head -c 1048699 /dev/urandom >"$src/big.bin"
if [ "$unicode" = yes ]; then
	printf 'unicode\n' >"$src/Ünïcödé name €.txt"
fi
# Long names take three entries each: these spread the FAT12/16 fixed root
# directory over several sectors and need subdirectories of many clusters.
i=0
while [ $i -lt 20 ]; do
	printf 'root %d\n' $i >"$src/Root level file $i.txt"
	i=$((i + 1))
done
i=0
while [ $i -lt 300 ]; do
	n=$(printf '%03d' $i)
	printf 'entry %s\n' "$n" >"$src/many/entry-number-$n-with-a-long-name.txt"
	i=$((i + 1))
done


# make_image LABEL SIZE MKFS_ARGS...: formats and fills $scratch/LABEL.img;
# the files made for this image alone go to $scratch/LABEL.files.
make_image() {
	img=$scratch/$1.img
	own=$scratch/$1.files
	size=$2
	shift 2
	rm -rf "$img" "$own"
	mkdir -p "$own/bounds" "$own/frag"
	truncate -s "$size" "$img" &&
		mkfs.fat "$@" "$img" >/dev/null 2>&1 &&
		mcopy -s -i "$img" "$src"/* ::/ &&
		add_bounds "$img" "$own" &&
		add_fragments "$img" "$own"
}

cluster_size() {
	"$FSREAD" --info "$1" | sed -n 's/.*cluster_size=\([0-9]*\).*/\1/p'
}

# Files one byte short of, exactly at and one past cluster-size boundaries.
add_bounds() {
	cluster=$(cluster_size "$1")
	head -c $((cluster - 1)) /dev/urandom >"$2/bounds/minus-one.bin"
	head -c "$cluster" /dev/urandom >"$2/bounds/exact.bin"
	head -c $((cluster + 1)) /dev/urandom >"$2/bounds/plus-one.bin"
	head -c $((cluster * 3)) /dev/urandom >"$2/bounds/three.bin"
	mmd -i "$1" ::/bounds && mcopy -i "$1" "$2/bounds"/* ::/bounds/
}

# A fragmented file: small files written one after another, every other
# one deleted, then a big file that mtools spreads over the holes.
add_fragments() {
	cluster=$(cluster_size "$1")
	head -c $((cluster * 2)) /dev/urandom >"$2/frag/piece"
	head -c $((cluster * 21 + 17)) /dev/urandom >"$2/frag/scattered.bin"
	mmd -i "$1" ::/frag || return 1
	for p in 1 2 3 4 5 6 7 8 9 10; do
		mcopy -i "$1" "$2/frag/piece" "::/frag/piece$p" || return 1
	done
	for p in 2 4 6 8 10; do
		mdel -i "$1" "::/frag/piece$p" || return 1
	done
	forget_next_free "$1"
	mcopy -i "$1" "$2/frag/scattered.bin" ::/frag/
}

# On FAT32 mtools allocates after the FSInfo sector's FSI_Nxt_Free hint and
# so would skip the holes: mark the hint unknown (0xFFFFFFFF).
forget_next_free() {
	case "$("$FSREAD" --info "$1")" in
	*FAT32*)
		fsinfo=$(($(u16 "$1" 48) * $(u16 "$1" 11)))
		put "$1" $((fsinfo + 492)) 255 255 255 255
		;;
	esac
}

# check_every_file LABEL IMG [FSREAD OPTIONS]: every file reads back.
check_every_file() {
	label=$1
	img=$2
	own=$scratch/${img##*/}
	own=${own%.img}.files
	shift 2
	bad=""
	(cd "$src" && find . -type f | sed 's|^\./||') >"$scratch/list"
	while IFS= read -r f; do
		same_as "$src/$f" "$@" "$img" "/$f" || bad="$bad /$f"
	done <"$scratch/list"
	for f in bounds/minus-one.bin bounds/exact.bin bounds/plus-one.bin bounds/three.bin \
		frag/scattered.bin; do
		same_as "$own/$f" "$@" "$img" "/$f" || bad="$bad /$f"
	done
	for f in frag/piece1 frag/piece9; do
		same_as "$own/frag/piece" "$@" "$img" "/$f" || bad="$bad /$f"
	done
	if [ -z "$bad" ]; then ok "$label: every file reads back byte for byte"; else not_ok "$label: differs:$bad"; fi
}

# check_image LABEL SIZE TYPE MKFS_ARGS...: the whole set of checks on one format.
check_image() {
	label=$1
	size=$2
	type=$3
	shift 3
	if ! make_image "$label" "$size" "$@"; then
		not_ok "$label: could not build the image (mkfs.fat $*)"
		return
	fi
	img=$scratch/$label.img
	info=$("$FSREAD" --info "$img")
	case "$info" in
	"fat $type "*) ok "$label: detected as $type ($info)" ;;
	*) not_ok "$label: detected as '$info', expected $type" ;;
	esac
	check_every_file "$label" "$img"

	check "$label: names in another case" \
		same_as "$src/A Long File Name With Spaces.txt" "$img" "/a LONG file NAME with SPACES.TXT"
	check "$label: 8.3 names in another case" same_as "$src/hello.txt" "$img" /HELLO.TXT
	check "$label: mixed-case long name in lower case" same_as "$src/MixedCase.Txt" "$img" /mixedcase.txt
	check "$label: short alias of a long name" \
		same_as "$src/A Long File Name With Spaces.txt" "$img" /ALONGF~1.TXT
	check "$label: nested directories in another case" \
		same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" "/D1/d2/D3/d4/D5/d6/DEEP FILE.TXT"
	check "$label: repeated slashes, '.' and '..'" \
		same_as "$src/d1/d2/d3/d4/d5/d6/deep file.txt" "$img" "//d1/./d2/../d2///d3/d4/d5/d6/deep file.txt"
	check "$label: last of 300 entries" \
		same_as "$src/many/entry-number-299-with-a-long-name.txt" "$img" \
		/MANY/ENTRY-NUMBER-299-WITH-A-LONG-NAME.TXT
	if [ "$unicode" = yes ]; then
		check "$label: non-ASCII long name, ASCII part in another case" \
			same_as "$src/Ünïcödé name €.txt" "$img" "/Ünïcödé NAME €.TXT"
		fails_with "$label: non-ASCII letters compare exactly" "file not found" \
			"$img" "/ünïcödé name €.txt"
	fi
	run_fsread --stat "$img" /frag/scattered.bin
	case "$(cat "$out")" in
	*chain=22\ first_run=22) not_ok "$label: /frag/scattered.bin is not fragmented: $(cat "$out")" ;;
	*chain=22\ *) ok "$label: fragmented file ($(cat "$out"))" ;;
	*) not_ok "$label: stat of the fragmented file: $(cat "$out" "$err")" ;;
	esac
}

# --- Formats ------------------------------------------------------------
check_image fat12-s1 2M FAT12 -F 12 -s 1
check_image fat12-s4 6M FAT12 -F 12 -s 4
check_image fat16-s4 32M FAT16 -F 16 -s 4
check_image fat16-s64 256M FAT16 -F 16 -s 64
check_image fat32-s1 80M FAT32 -F 32 -s 1
check_image fat32-s8 600M FAT32 -F 32 -s 8
# mkfs.fat -F 32 on a small disk: FAT32 layout, fewer clusters than FAT32's minimum.
# mtools cannot write to it (it goes by the cluster count), so only look.
img=$scratch/fat32-small.img
truncate -s 64M "$img" && mkfs.fat -F 32 -s 16 "$img" >/dev/null 2>&1
run_fsread --info "$img"
case "$(cat "$out")" in
"fat FAT32 "*) ok "FAT32 layout below 65525 clusters reads as FAT32: $(cat "$out")" ;;
*) not_ok "FAT32 layout below 65525 clusters: $(cat "$out" "$err")" ;;
esac
fails_with "FAT32 layout below 65525 clusters: its root directory is searched" "file not found" \
	"$img" /nothing
check_image fat16-4k 64M FAT16 -F 16 -S 4096 -s 1
check_image fat32-4k 300M FAT32 -F 32 -S 4096 -s 1
check_every_file "fat32-4k on a 4096-byte-sector device" "$scratch/fat32-4k.img" --sector-size 4096
fails_with "a 512-byte-sector FAT refuses a 4096-byte-sector device" "smaller than the device" \
	--sector-size 4096 "$scratch/fat16-s4.img" /hello.txt

# --- Reads at odd offsets and lengths, and in odd pieces ------------------
img=$scratch/fat16-s4.img
big=$src/big.bin
size=$(wc -c <"$big")
bad=""
for range in 0:1 1:1 511:2 512:512 513:1000 2047:3 2048:2048 12345:100000 \
	$((size - 7)):100 $((size - 1)):1 $size:10 $((size + 100)):10 0:0; do
	offset=${range%%:*}
	length=${range#*:}
	slice "$big" "$offset" "$length" >"$scratch/want"
	same_as "$scratch/want" "$img" /big.bin "$offset" "$length" || bad="$bad $range"
done
if [ -z "$bad" ]; then ok "reads at odd offsets and lengths"; else not_ok "reads at offset:length$bad"; fi
for chunk in 1000 4097 65535; do
	check "reads in pieces of $chunk bytes" same_as "$big" --chunk "$chunk" "$img" /big.bin
	check "fragmented file in pieces of $chunk bytes" \
		same_as "$scratch/fat16-s4.files/frag/scattered.bin" --chunk "$chunk" "$img" /frag/scattered.bin
done
slice "$scratch/fat16-s4.files/frag/scattered.bin" 3333 20000 >"$scratch/want"
check "fragmented file at an odd offset" same_as "$scratch/want" "$img" /frag/scattered.bin 3333 20000

# --- Long names belong to the short entry whose checksum they carry --------
img=$scratch/fat16-s4.img
cp "$img" "$scratch/c.img"
at=$(grep -obaF 'ALONGF~1TXT' "$scratch/c.img" | head -n 1 | cut -d: -f1)
if [ -n "$at" ]; then
	# What a tool that knows no long names leaves behind after a rename
	# (NEWNAME's checksum, 68, differs from ALONGF~1's, 2).
	printf 'NEWNAME TXT' | dd of="$scratch/c.img" bs=1 seek="$at" conv=notrunc 2>/dev/null
	fails_with "a long name whose checksum does not match is ignored" "file not found" \
		"$scratch/c.img" "/A Long File Name With Spaces.txt"
	check "the renamed short entry is found by its new name" \
		same_as "$src/A Long File Name With Spaces.txt" "$scratch/c.img" /newname.txt
else
	not_ok "no short entry ALONGF~1TXT in $img"
fi

# --- Device reads: a contiguous file is read in one go --------------------
# reads_of FSREAD_ARGS...: "mount open read" device read counts.
reads_of() {
	"$FSREAD" --count-reads "$@" 2>&1 >/dev/null | sed -n 's/^reads: mount=\([0-9]*\) open=\([0-9]*\) read=\([0-9]*\)$/\1 \2 \3/p'
}
img=$scratch/contig.img
head -c 4194304 /dev/urandom >"$scratch/4mib.bin"
rm -f "$img"
truncate -s 600M "$img" && mkfs.fat -F 32 -s 8 "$img" >/dev/null && mcopy -i "$img" "$scratch/4mib.bin" ::/kernel.elf
check "a 4 MiB contiguous file reads back" same_as "$scratch/4mib.bin" "$img" /kernel.elf
set -- $(reads_of --chunk 4194304 "$img" /kernel.elf)
if [ $# -eq 3 ] && [ "$1" -le 1 ] && [ "$2" -le 4 ] && [ "$3" -le 1 ]; then
	ok "4 MiB contiguous file: $1 device read to mount, $2 to open, $3 to read"
else
	not_ok "4 MiB contiguous file costs too many device reads: mount, open, read = ${*:-?}"
fi
set -- $(reads_of --chunk 65536 "$img" /kernel.elf)
if [ $# -eq 3 ] && [ "$3" -le 64 ]; then
	ok "4 MiB contiguous file in 64 KiB pieces: $3 device reads"
else
	not_ok "4 MiB contiguous file in 64 KiB pieces: ${3:-?} device reads, expected 64"
fi

# --- Errors ---------------------------------------------------------------
img=$scratch/fat16-s4.img
fails_with "missing file" "file not found" "$img" /no/such/file.txt
fails_with "missing file in a directory" "file not found" "$img" /d1/d2/nothing
fails_with "path through a file" "not a directory" "$img" /hello.txt/inside
fails_with "a directory opened as a file" "not a regular file" "$img" /d1/d2
fails_with "relative path" "not absolute" "$img" hello.txt
fails_with "path component over 255 characters" "bad path" "$img" \
	"/$(printf '%0300d' 0)"

# A FAT16 image whose first file owns clusters N .. N+7.
bad=$scratch/bad16.img
rm -f "$bad"
truncate -s 4M "$bad" && mkfs.fat -F 16 -s 1 "$bad" >/dev/null &&
	head -c 4096 /dev/urandom >"$scratch/chain.bin" && mcopy -i "$bad" "$scratch/chain.bin" ::/chain.bin
first=$("$FSREAD" --stat "$bad" /chain.bin | sed -n 's/.*first_cluster=\([0-9]*\).*/\1/p')
fat=$(($(u16 "$bad" 14) * $(u16 "$bad" 11)))
# corrupt_fat16 VALUE: a copy of the image whose 4th cluster entry holds VALUE.
corrupt_fat16() {
	cp "$bad" "$scratch/c.img"
	put "$scratch/c.img" $((fat + (first + 3) * 2)) $(($1 & 255)) $(($1 >> 8))
}
corrupt_fat16 $((first + 1))
fails_with "FAT16 cluster chain loop" "cluster chain loops" "$scratch/c.img" /chain.bin
corrupt_fat16 65535
fails_with "FAT16 chain shorter than the file" "shorter than the file size" "$scratch/c.img" /chain.bin
corrupt_fat16 0
fails_with "FAT16 chain into a free cluster" "free cluster" "$scratch/c.img" /chain.bin
corrupt_fat16 65527
fails_with "FAT16 chain into a bad cluster" "bad cluster" "$scratch/c.img" /chain.bin
corrupt_fat16 65000
fails_with "FAT16 cluster number past the end" "out of range" "$scratch/c.img" /chain.bin

cp "$bad" "$scratch/c.img" && put "$scratch/c.img" 11 0 0
fails_with "bytes per sector 0" "bytes per sector" "$scratch/c.img" /chain.bin
cp "$bad" "$scratch/c.img" && put "$scratch/c.img" 13 3
fails_with "sectors per cluster 3" "sectors per cluster" "$scratch/c.img" /chain.bin
cp "$bad" "$scratch/c.img" && put "$scratch/c.img" 14 255 255
fails_with "reserved sectors past the end" "fill the volume" "$scratch/c.img" /chain.bin
head -c 2097152 "$bad" >"$scratch/c.img"
fails_with "volume larger than the device" "larger than the device" "$scratch/c.img" /chain.bin
head -c 1048576 /dev/zero >"$scratch/c.img"
fails_with "blank disk" "no filesystem" "$scratch/c.img" /chain.bin

# FAT32: the root directory's cluster number and chain.
bad=$scratch/fat32-s1.img
fat=$(($(u16 "$bad" 14) * $(u16 "$bad" 11)))
cp "$bad" "$scratch/c.img" && put "$scratch/c.img" 44 240 255 255 15
fails_with "FAT32 root cluster out of range" "root directory cluster out of range" "$scratch/c.img" /hello.txt
cp "$bad" "$scratch/c.img" && put "$scratch/c.img" 36 0 0 0 0
fails_with "FAT32 FAT size 0" "FAT size is zero" "$scratch/c.img" /hello.txt
root=$(od -An -tu4 -j 44 -N4 "$bad" | tr -d ' ')
cp "$bad" "$scratch/c.img" && put "$scratch/c.img" $((fat + root * 4)) $((root & 255)) $((root >> 8 & 255)) 0 0
fails_with "FAT32 root directory chain loop" "cluster chain loops" "$scratch/c.img" /hello.txt

# Random damage to the boot sector, FATs and directories of a small image:
# every read must end, with the data or an error, never a crash or a hang.
bad=$scratch/fat12-s1.img
crashed=""
seed=1
while [ $seed -le 60 ]; do
	cp "$bad" "$scratch/c.img"
	for hit in $(awk -v seed=$seed 'BEGIN { srand(seed); for (i = 0; i < 12; i++)
		printf "%d:%d\n", int(rand() * 65536), int(rand() * 256) }'); do
		put "$scratch/c.img" "${hit%%:*}" "${hit#*:}"
	done
	for path in /hello.txt /big.bin "/d1/d2/d3/d4/d5/d6/deep file.txt" \
		/many/entry-number-150-with-a-long-name.txt /frag/scattered.bin; do
		run_fsread "$scratch/c.img" "$path"
		status=$?
		[ $status -le 1 ] || crashed="$crashed seed=$seed:$path:status=$status"
	done
	seed=$((seed + 1))
done
if [ -z "$crashed" ]; then ok "randomly damaged images: every read ends cleanly"; else not_ok "damaged images:$crashed"; fi

finish
