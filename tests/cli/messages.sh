#!/bin/sh
# What the CLI says when things go wrong around it, word for word: a full
# filesystem, a name too long for the volume, a signal during install,
# another loader's boot code replaced; and the temporary files a killed run
# leaves, which the next run removes.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
GRUB_BOOT=/usr/lib/grub/i386-pc/boot.img
SYSLINUX_MBR=/usr/lib/syslinux/mbr/mbr.bin
SYSLINUX_GPTMBR=/usr/lib/syslinux/mbr/gptmbr.bin

# says LINE: the last command's stderr has exactly this line.
says() { grep -qxF -- "$1" "$scratch/err"; }

# --- a full filesystem -------------------------------------------------------
mkdir "$scratch/full"
if mount -t tmpfs -o size=2M tmpfs "$scratch/full"; then
	trap 'umount "$scratch/full"; rm -rf "$scratch"' EXIT
	head -c 3000000 /dev/zero >"$scratch/full/filler" 2>/dev/null
	expect_error "mkimage onto a full filesystem" "$GHOSTBOOT" mkimage -o "$scratch/full/x.img" \
		--kernel "$KERNEL"
	check "  ... says why in the user's words" \
		says "ghostboot: error: sfdisk failed: the filesystem holding $scratch/full/x.img is full"
	check "  ... leaves no file behind" test "$(ls -A "$scratch/full")" = filler
else
	not_ok "mount a 2 MiB tmpfs for the full-filesystem test (needs root)"
fi

# --- names too long for the volume ---------------------------------------------
long=$(head -c 300 /dev/zero | tr '\0' a)
expect_error "mkimage refuses a 300-character name on FAT" "$GHOSTBOOT" mkimage \
	-o "$scratch/x.img" --kernel "$KERNEL" --add "$KERNEL=/docs/$long/k.elf"
check "  ... naming the name" \
	says "ghostboot: error: cannot put $KERNEL at /docs/$long/k.elf: the name 'aaaaaaaaaaaaaaaa...' in it is 300 characters long; FAT32 takes at most 255"
expect_error "mkimage refuses a 300-byte name on ext4" "$GHOSTBOOT" mkimage \
	-o "$scratch/x.img" --size 32M --fs ext4 --kernel "$KERNEL" --add "$KERNEL=/$long"
check "  ... naming the name" \
	says "ghostboot: error: cannot put $KERNEL at /$long: the name 'aaaaaaaaaaaaaaaa...' in it is 300 bytes long; ext4 takes at most 255"
longest=$(head -c 255 /dev/zero | tr '\0' a)
check "a 255-character name fits FAT" quietly "$GHOSTBOOT" mkimage \
	-o "$scratch/longest.img" --kernel "$KERNEL" --add "$KERNEL=/$longest"
check "no image was left behind by the refusals" test ! -e "$scratch/x.img"

# --- temporary files of killed runs ------------------------------------------
mkdir "$scratch/tmp" "$scratch/outdir"
sleep 0 &
dead=$!
wait $dead
mkdir "$scratch/tmp/ghostboot.$dead.AbCdEf"
printf 'left over' >"$scratch/tmp/ghostboot.$dead.AbCdEf/ghostboot.cfg.123456"
mkdir "$scratch/tmp/ghostboot.$$.AbCdEf" # this shell is alive: not swept
printf 'left over' >"$scratch/outdir/.disk.img.$dead.XyZxYz"
if TMPDIR="$scratch/tmp" "$GHOSTBOOT" mkimage -o "$scratch/outdir/disk.img" --size 32M --fs ext4 \
	--kernel "$KERNEL" >/dev/null 2>"$scratch/err"; then
	ok "mkimage with leftovers of a killed run"
else
	not_ok "mkimage with leftovers of a killed run: $(cat "$scratch/err")"
fi
check "  ... removes the killed run's directory" test ! -e "$scratch/tmp/ghostboot.$dead.AbCdEf"
check "  ... keeps a live run's" test -d "$scratch/tmp/ghostboot.$$.AbCdEf"
check "  ... removes the killed run's temporary image" test "$(ls -A "$scratch/outdir")" = disk.img
check "  ... and leaves nothing of its own" test "$(ls -A "$scratch/tmp")" = "ghostboot.$$.AbCdEf"

# A run killed for real, then another.
TMPDIR="$scratch/tmp" "$GHOSTBOOT" mkimage -o "$scratch/outdir/killed.img" --size 32M --fs ext4 \
	--kernel "$KERNEL" >/dev/null 2>&1 &
killed=$!
sleep 0.2
kill -KILL $killed 2>/dev/null
wait $killed 2>/dev/null
quietly env TMPDIR="$scratch/tmp" "$GHOSTBOOT" mkimage -o "$scratch/outdir/killed.img" --kernel "$KERNEL"
check "the next run removes what a SIGKILLed mkimage left" \
	test -z "$(ls -A "$scratch/tmp" "$scratch/outdir" | grep "\.$killed\.")"

# --- SIGTERM during install ------------------------------------------------------
# mcopy slowed down, so that the signal comes while install writes stage 2
# into a file on a FAT volume without room in its reserved sectors.
mkdir "$scratch/bin"
printf '#!/bin/sh\nsleep 1\nexec %s "$@"\n' "$(command -v mcopy)" >"$scratch/bin/mcopy"
chmod +x "$scratch/bin/mcopy"
printf 'entry a\n    kernel /boot/kernel.elf\n' >"$scratch/a.cfg"
truncate -s 40M "$scratch/term.img"
mkfs.fat -F 32 "$scratch/term.img" >/dev/null
mmd -i "$scratch/term.img" ::/boot
mcopy -i "$scratch/term.img" "$scratch/a.cfg" ::/boot/ghostboot.cfg
PATH="$scratch/bin:$PATH" "$GHOSTBOOT" install "$scratch/term.img" >/dev/null 2>"$scratch/err" &
installing=$!
sleep 0.5
kill -TERM $installing
wait $installing
status=$?
check "install given SIGTERM finishes and exits 0" test "$status" -eq 0
check "  ... saying so" \
	says "ghostboot: warning: SIGTERM came while install was writing; it finished first: $scratch/term.img is bootable"
check "  ... and the image is whole" quietly "$GHOSTBOOT" install --verify "$scratch/term.img"
check "  ... with a clean volume" quietly fsck.fat -n "$scratch/term.img"

# --- another boot loader's boot code ------------------------------------------------
# foreign NAME IMG CODE TEXT: CODE's first 440 bytes in IMG's sector 0;
# install names TEXT, and uninstall puts the code back byte for byte.
foreign() {
	name=$1 img=$2 code=$3 text=$4
	if [ ! -f "$code" ]; then
		not_ok "$name: $code is missing (scripts/install-deps.sh installs it)"
		return
	fi
	dd if="$code" of="$img" bs=440 count=1 conv=notrunc status=none
	cp "$img" "$scratch/before.img"
	if "$GHOSTBOOT" install "$img" >/dev/null 2>"$scratch/err"; then
		ok "$name: install over it"
	else
		not_ok "$name: install: $(cat "$scratch/err")"
		return
	fi
	check "  ... says what was there" says "ghostboot: warning: $img: replacing $text"
	if "$GHOSTBOOT" uninstall "$img" >/dev/null 2>"$scratch/err"; then
		check "  ... uninstall gives the original image byte for byte" cmp -s "$img" "$scratch/before.img"
		check "  ... with the code in the MBR" \
			cmp -s -n 440 "$img" "$code"
	else
		not_ok "$name: uninstall: $(cat "$scratch/err")"
	fi
}

mbr_disk() { # IMG TABLE
	truncate -s 64M "$1"
	if [ "$2" = gpt ]; then
		printf "label: gpt\nstart=2048, size=2048, type=$BIOS_BOOT\nstart=4096, type=$BASIC_DATA\n" |
			sfdisk --quiet --no-reread --no-tell-kernel "$1"
		offset=2097152
	else
		echo 'start=2048, type=c, bootable' | sfdisk --quiet --no-reread --no-tell-kernel "$1"
		offset=1048576
	fi
	mkfs.fat -F 32 --offset $((offset / 512)) "$1" $(((64 * 1048576 - offset - 1048576) / 1024)) >/dev/null 2>&1
	mmd -i "$1@@$offset" ::/boot
	mcopy -i "$1@@$offset" "$scratch/a.cfg" ::/boot/ghostboot.cfg
}
mbr_disk "$scratch/grub.img" mbr
foreign "GRUB's boot.img in the MBR" "$scratch/grub.img" "$GRUB_BOOT" \
	"GRUB 2's boot.img in the MBR's boot code (bytes 0..439 of sector 0) (ghostboot uninstall puts it back)"
mbr_disk "$scratch/syslinux.img" mbr
foreign "SYSLINUX's mbr.bin in the MBR" "$scratch/syslinux.img" "$SYSLINUX_MBR" \
	"SYSLINUX's mbr.bin in the MBR's boot code (bytes 0..439 of sector 0) (ghostboot uninstall puts it back)"
mbr_disk "$scratch/gptmbr.img" gpt
foreign "SYSLINUX's gptmbr.bin in the protective MBR" "$scratch/gptmbr.img" "$SYSLINUX_GPTMBR" \
	"SYSLINUX's gptmbr.bin in the protective MBR's boot code (bytes 0..439 of sector 0) (ghostboot uninstall puts it back)"

# Boot code ghostboot does not know is replaced as before, without a name.
mbr_disk "$scratch/other.img" mbr
head -c 440 /dev/urandom | dd of="$scratch/other.img" conv=notrunc status=none
if "$GHOSTBOOT" install "$scratch/other.img" >/dev/null 2>"$scratch/err"; then
	check "unknown boot code is replaced without a name" test "$(grep -c replacing "$scratch/err")" -eq 0
else
	not_ok "install over unknown boot code: $(cat "$scratch/err")"
fi

# A boot volume too full for stage 2's file: refused in words before any
# write, the image left byte for byte as it was (and so fsck-clean).
full_tree=$scratch/full-tree
mkdir -p "$full_tree/boot"
cp "$BUILD/kernel/kernel.elf" "$full_tree/boot/"
printf 'timeout 0\nentry full\n    kernel /boot/kernel.elf\n' >"$full_tree/boot/ghostboot.cfg"
# fill_ones BYTES FILE: a file of 0xff bytes, which no tool stores as a hole.
fill_ones() { tr '\0' '\377' </dev/zero | head -c "$1" >"$2"; }
img=$scratch/full-fat.img
rm -f "$img"
truncate -s 34M "$img"
mkfs.fat -F 32 -R 32 "$img" >/dev/null 2>&1
mcopy -s -i "$img" "$full_tree/boot" ::/
free=$(mdir -i "$img" :: | sed -n 's/ bytes free//p' | tr -dc 0-9)
fill_ones $((free - 40 * 1024)) "$scratch/fill.bin"
mcopy -i "$img" "$scratch/fill.bin" ::/fill.bin
cp "$img" "$scratch/full-before.img"
expect_error "install on a full FAT volume is refused" $GHOSTBOOT install "$img"
err_says "the boot volume is full: 40 KiB free, and stage 2 needs" ||
	not_ok "  ... in words: $(cat "$scratch/err")"
check "  ... before it wrote a byte" cmp -s "$img" "$scratch/full-before.img"
img=$scratch/full-ext.img
rm -f "$img"
truncate -s 32M "$img"
mke2fs -q -t ext2 -d "$full_tree" "$img"
free=$(debugfs -R stats "$img" 2>/dev/null | sed -n 's/^Free blocks: *//p')
fill_ones $(((free - 40) * 1024)) "$scratch/fill.bin"
debugfs -w -R "write $scratch/fill.bin /fill" "$img" >/dev/null 2>&1
cp "$img" "$scratch/full-before.img"
expect_error "install on a full ext volume is refused" $GHOSTBOOT install "$img"
err_says "the boot volume is full: " ||
	not_ok "  ... in words: $(cat "$scratch/err")"
check "  ... before it wrote a byte" cmp -s "$img" "$scratch/full-before.img"

finish
