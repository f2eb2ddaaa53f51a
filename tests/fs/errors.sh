#!/bin/sh
# Read errors and the errors that say why a file cannot be read
# (docs/filesystems.md "Errors"): a bad sector that a read does not need
# never fails it (read-ahead stops short of it), one it needs is named by
# its LBA; a damaged directory, a link loop and an unsupported feature each
# say so, word for word. fsread's --bad-sector makes a sector fail as a
# disk's would. Also bigalloc, which the ext reader reads.
. tests/lib.sh
. tests/fs/lib.sh

export E2FSPROGS_FAKE_TIME=1700000000

# says WHAT MESSAGE FSREAD_ARGS...: fsread fails with exactly MESSAGE.
says() {
	what=$1
	message=$2
	shift 2
	run_fsread "$@"
	status=$?
	if [ $status -eq 1 ] && [ "$(cat "$err")" = "$message" ]; then
		ok "$what: $message"
	else
		not_ok "$what: status $status, '$(cat "$err")', expected '$message'"
	fi
}
# reads WHAT SOURCE FSREAD_ARGS...: fsread prints SOURCE's bytes.
reads() {
	what=$1
	shift
	if same_as "$@"; then ok "$what"; else not_ok "$what: $(cat "$err")"; fi
}

src=$scratch/src
mkdir -p "$src/boot"
# 1000 bytes: the end of its one block is a partial sector, which goes
# through the reader's window; b.bin comes right after it on the disk.
head -c 1000 /dev/zero | tr '\0' a >"$src/a.bin"
head -c 3000 /dev/urandom >"$src/b.bin"
printf 'entry demo\n    kernel /boot/kernel.elf\n' >"$src/boot/ghostboot.cfg"

# --- ext: 1 KiB blocks, two sectors a block -----------------------------
img=$scratch/ext.img
truncate -s 4M "$img"
mke2fs -q -F -t ext2 -b 1024 -d "$src" "$img" >/dev/null 2>&1
block() { debugfs -R "bmap \"$1\" $2" "$img" 2>/dev/null; }
a=$(block /a.bin 0)
b=$(block /b.bin 0)
if [ "$b" -ne $((a + 1)) ]; then
	not_ok "ext: b.bin does not follow a.bin on the disk (blocks $a, $b)"
fi
reads "ext: a bad sector in the next file does not fail a read that does not need it" \
	"$src/a.bin" --bad-sector $((2 * b)) "$img" /a.bin
says "ext: a bad sector is named by the file that owns it" \
	"fsread: /b.bin: I/O error at LBA $((2 * b + 1))" --bad-sector $((2 * b + 1)) "$img" /b.bin
free=$(debugfs -R "ffb 1 $((b + 3))" "$img" 2>/dev/null | sed 's/.*found: //')
reads "ext: a bad sector in free space does not fail a read of the file before it" \
	"$src/b.bin" --bad-sector $((2 * free)) "$img" /b.bin
# The inode table: a.bin's inode sits in one sector, the next sector holds others.
at=$(debugfs -R "imap /a.bin" "$img" 2>/dev/null |
	sed -n 's/.*located at block \([0-9]*\), offset 0x\([0-9a-f]*\).*/\1 \2/p')
inode_sector=$(((${at% *} * 1024 + 0x${at#* }) / 512))
reads "ext: a bad sector among other inodes does not fail an open" \
	"$src/a.bin" --bad-sector $((inode_sector + 1)) "$img" /a.bin
says "ext: a bad sector in the inode table, named" \
	"fsread: /a.bin: I/O error at LBA $inode_sector" --bad-sector "$inode_sector" "$img" /a.bin
dir=$(block /boot 0)
says "ext: a bad sector in a directory on the way, named" \
	"fsread: /boot/ghostboot.cfg: I/O error at LBA $((2 * dir))" --bad-sector $((2 * dir)) \
	"$img" /boot/ghostboot.cfg

# Why a lookup fails, word for word.
cp "$img" "$scratch/c.img"
put "$scratch/c.img" $((dir * 1024 + 4)) 0 0
says "ext: a damaged directory" \
	"fsread: /boot/ghostboot.cfg: filesystem is corrupt: directory entry length is invalid" \
	"$scratch/c.img" /boot/ghostboot.cfg
cp "$img" "$scratch/c.img"
printf 'rm /boot/ghostboot.cfg\nsymlink /boot/ghostboot.cfg /boot/loop\nsymlink /boot/loop /boot/ghostboot.cfg\n' |
	debugfs -w -f - "$scratch/c.img" >/dev/null 2>&1
says "ext: a symbolic link loop" "fsread: /boot/ghostboot.cfg: too many symbolic links" \
	"$scratch/c.img" /boot/ghostboot.cfg
cp "$img" "$scratch/c.img"
debugfs -w -R "feature encrypt" "$scratch/c.img" >/dev/null 2>&1
says "ext: an unsupported feature, named" \
	"fsread: $scratch/c.img: unsupported filesystem feature: unsupported ext4 feature: encrypt" \
	"$scratch/c.img" /boot/ghostboot.cfg

# --- bigalloc: clusters of 16 and 4 blocks, 1 and 4 KiB blocks ---------
for blocks in 1024:16384 4096:16384 4096:65536; do
	img=$scratch/bigalloc.img
	rm -f "$img"
	truncate -s 32M "$img"
	if ! mke2fs -q -F -t ext4 -b "${blocks%:*}" -C "${blocks#*:}" -O bigalloc -d "$src" "$img" \
		>/dev/null 2>&1; then
		not_ok "bigalloc: mke2fs -b ${blocks%:*} -C ${blocks#*:} failed"
		continue
	fi
	bad=""
	for f in a.bin b.bin boot/ghostboot.cfg; do same_as "$src/$f" "$img" "/$f" || bad="$bad /$f: $(cat "$err")"; done
	if [ -z "$bad" ]; then
		ok "bigalloc, ${blocks%:*}-byte blocks in ${blocks#*:}-byte clusters: every file reads back"
	else
		not_ok "bigalloc, ${blocks%:*}-byte blocks in ${blocks#*:}-byte clusters:$bad"
	fi
done

# --- FAT16: one sector a cluster ----------------------------------------
img=$scratch/fat.img
truncate -s 8M "$img"
mkfs.fat -F 16 -s 1 "$img" >/dev/null
mcopy -s -i "$img" "$src/a.bin" "$src/b.bin" "$src/boot" ::/
# fat_sector IMG: the first FAT's first sector (the reserved sectors).
fat=$(u16 "$img" 14)
cluster_lba() { echo $(($(u16 "$img" 14) + 2 * $(u16 "$img" 22) + $(u16 "$img" 17) / 16 + $1 - 2)); }
first_cluster() { "$FSREAD" --stat "$img" "$1" | sed -n 's/.*first_cluster=\([0-9]*\).*/\1/p'; }
reads "fat: a bad FAT sector the chain does not reach does not fail a read" \
	"$src/b.bin" --bad-sector $((fat + 5)) "$img" /b.bin
says "fat: a bad FAT sector the chain needs, named" \
	"fsread: /b.bin: I/O error at LBA $fat" --bad-sector "$fat" "$img" /b.bin
b=$(cluster_lba "$(first_cluster /b.bin)")
says "fat: a bad sector is named by the file that owns it" \
	"fsread: /b.bin: I/O error at LBA $((b + 2))" --bad-sector $((b + 2)) "$img" /b.bin
reads "fat: a bad sector in the next file does not fail a read" \
	"$src/a.bin" --bad-sector "$b" "$img" /a.bin
root=$(($(u16 "$img" 14) + 2 * $(u16 "$img" 22)))
says "fat: a bad sector in the root directory, named" \
	"fsread: /boot/ghostboot.cfg: I/O error at LBA $root" --bad-sector "$root" "$img" /boot/ghostboot.cfg

finish
