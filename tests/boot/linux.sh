#!/bin/sh
# Debian's own Linux kernel booted by the Linux boot protocol (docs/linux.md)
# from a FAT and an ext4 image, with two initrd files the test builds: a
# newc archive holding tests/boot/linux/init (static) and a payload, and a
# second archive with one text file. /init checks the command line, both
# archives byte for byte and the memory size, and reports through port
# 0xf4; the same under OVMF through the kernel's EFI stub. Then the bad kernels and initrds stage 2 must refuse, each message
# word for word; and `inspect` on the kernel.
. tests/lib.sh

INIT=$BUILD/tests/linux/init
if ! kernel=$(scripts/fetch-linux.sh 2>"$scratch/fetch.err"); then
	not_ok "Debian's kernel: scripts/fetch-linux.sh failed: $(tail -n 3 "$scratch/fetch.err")"
	finish
	exit
fi

# The two initrd archives.
sh tests/boot/linux/initramfs.sh "$scratch" "$INIT"

# linux_image IMG KERNEL CMDLINE [mkimage options...]
linux_image() {
	img=$1 k=$2 cmdline=$3
	shift 3
	$GHOSTBOOT mkimage -o "$img" --linux "$k" --initrd "$scratch/first.cpio" \
		--initrd "$scratch/second.cpio" --cmdline "$cmdline" "$@" >"$scratch/mkimage.log" 2>&1 ||
		{ cat "$scratch/mkimage.log"; return 1; }
}

# The good boots, side by side: Linux under TCG takes its seconds. Linux's
# own lines show it read the E820 table and the text screen_info.
token=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
start=$(date +%s)
for spec in mbr:fat32:64M gpt:ext4:64M; do
	table=${spec%%:*} rest=${spec#*:}
	fs=${rest%%:*} size=${rest#*:}
	(
		img=$scratch/$fs.img
		if linux_image "$img" "$kernel" "console=ttyS0 gbtoken=$token-$fs gbmem=256" \
			--table "$table" --fs "$fs" --size "$size"; then
			boots "Linux with two initrd files from $table/$fs: /init checks them and the command line" \
				"$img" --timeout 300 --memory 256M --log "$scratch/$fs.log" \
				--expect "GBINIT token $token-$fs" --expect "GBINIT both initrd archives intact" \
				--expect "BIOS-e820: [mem 0x0000000000100000-" --expect "Console: colour VGA+ 80x25"
		else
			not_ok "Linux from $table/$fs: mkimage failed"
		fi
	) >"$scratch/$fs.result" &
done
wait
cat "$scratch/fat32.result" "$scratch/ext4.result"
grep -q "^not ok" "$scratch/fat32.result" "$scratch/ext4.result" && failures=$((failures + 1))
echo "# the two Linux boots took $(($(date +%s) - start)) s"

# Under OVMF (docs/uefi.md): the UEFI loader starts the same kernel through
# its EFI stub, the initrd files handed over by LoadFile2.
if linux_image "$scratch/uefi.img" "$kernel" "console=ttyS0 gbtoken=$token-uefi gbmem=256" \
	--table gpt --fs fat32 --size 64M --firmware uefi; then
	boots "Linux under OVMF through its EFI stub: /init checks both initrd archives and the command line" \
		"$scratch/uefi.img" --firmware uefi --timeout 300 --memory 256M \
		--expect "GBINIT token $token-uefi" --expect "GBINIT both initrd archives intact" \
		--expect "EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path"
else
	not_ok "Linux under OVMF: mkimage failed"
fi

# ghostboot test --cmdline: the same image, another command line for Linux.
boots "test --cmdline gives Linux another command line" "$scratch/fat32.img" --timeout 300 \
	--memory 256M --cmdline "console=ttyS0 gbtoken=$token-other gbmem=256" \
	--expect "GBINIT token $token-other"

# A video mode for Linux: stage 2 sets it last and describes it in
# screen_info as a VESA linear framebuffer, which Linux's vesafb takes.
cat >"$scratch/video.cfg" <<CFG
timeout 0
entry video
    protocol linux
    kernel /boot/vmlinuz
    initrd /boot/first.cpio /boot/second.cpio
    cmdline "console=ttyS0 gbtoken=$token-video"
    video 800x600x32
CFG
if $GHOSTBOOT mkimage -o "$scratch/video.img" --size 64M --config "$scratch/video.cfg" \
	--add "$kernel=/boot/vmlinuz" --add "$scratch/first.cpio=/boot/first.cpio" \
	--add "$scratch/second.cpio=/boot/second.cpio" >"$scratch/mkimage.log" 2>&1; then
	boots "a video mode reaches Linux as a VESA framebuffer" "$scratch/video.img" \
		--timeout 300 --expect "GBINIT token $token-video" \
		--expect "vesafb: mode is 800x600x32, linelength=3200" \
		--expect "fb0: VESA VGA frame buffer device"
else
	not_ok "mkimage for the video boot: $(cat "$scratch/mkimage.log")"
fi

# The configuration mkimage wrote: the kernel as protocol linux, the
# archives in the order given; a recipe with the same lines writes the same
# (every path absolute: a recipe's relative paths are relative to it).
mcopy -i "$scratch/fat32.img@@1M" ::/boot/ghostboot.cfg "$scratch/written.cfg"
if sed -n 's/^ *\(protocol linux\|kernel \/boot\/vmlinuz\|initrd \/boot\/[a-z]*.cpio\).*/\1/p' \
	"$scratch/written.cfg" | tr '\n' ' ' | grep -qx \
	'kernel /boot/vmlinuz protocol linux initrd /boot/first.cpio initrd /boot/second.cpio '; then
	ok "mkimage --linux --initrd writes protocol linux and the initrd lines in order"
else
	not_ok "mkimage --linux --initrd: $(cat "$scratch/written.cfg")"
fi
printf 'linux %s\ninitrd %s\ninitrd %s\ncmdline console=ttyS0 gbtoken=%s gbmem=256\n' \
	"$kernel" "$scratch/first.cpio" "$scratch/second.cpio" "$token-fat32" >"$scratch/recipe"
if $GHOSTBOOT mkimage -o "$scratch/recipe.img" --recipe "$scratch/recipe" >"$scratch/recipe.log" 2>&1 &&
	mcopy -i "$scratch/recipe.img@@1M" ::/boot/ghostboot.cfg "$scratch/recipe.cfg" &&
	cmp -s "$scratch/written.cfg" "$scratch/recipe.cfg"; then
	ok "a recipe's linux and initrd lines give the same configuration"
else
	not_ok "recipe with linux and initrd: $(cat "$scratch/recipe.log" "$scratch/recipe.cfg" 2>&1)"
fi

# mkimage checks a Linux entry's kernel as stage 2 will.
expect_error "mkimage refuses a Linux entry's kernel that is no bzImage" \
	$GHOSTBOOT mkimage -o "$scratch/refused.img" --linux "$BUILD/kernel/kernel.elf"
err_says "entry default: kernel /boot/vmlinuz: not a bzImage (no HdrS setup header)" ||
	not_ok "  ... naming the entry, the kernel and the problem: $(cat "$scratch/err")"

# Stage 2's refusals, word for word. The image is made with the good kernel
# and without pins; each bad kernel is copied over it, as a later copy by
# hand would be.
cat >"$scratch/bad.cfg" <<CFG
timeout 0
serial 115200
entry bad
    protocol linux
    kernel /boot/vmlinuz
    initrd /boot/first.cpio /boot/second.cpio
    cmdline console=ttyS0 gbtoken=x
CFG
$GHOSTBOOT mkimage -o "$scratch/bad.img" --size 64M --config "$scratch/bad.cfg" \
	--add "$kernel=/boot/vmlinuz" --add "$scratch/first.cpio=/boot/first.cpio" \
	--add "$scratch/second.cpio=/boot/second.cpio" >"$scratch/mkimage.log" 2>&1 ||
	not_ok "the image for the bad kernels: $(cat "$scratch/mkimage.log")"

# refused NAME KERNEL TEXT: booting KERNEL stops with "ghostboot: error: TEXT".
refused() {
	name=$1 k=$2 text=$3
	if ! mcopy -o -i "$scratch/bad.img@@1M" "$k" ::/boot/vmlinuz; then
		not_ok "$name: mcopy failed"
	elif $GHOSTBOOT test "$scratch/bad.img" --timeout 60 --log "$scratch/bad.log" >/dev/null 2>&1; then
		not_ok "$name: booted"
	elif tr -d '\r' <"$scratch/bad.log" | grep -qxF -- "ghostboot: error: $text"; then
		ok "$name"
	else
		not_ok "$name: expected 'ghostboot: error: $text'; got: $(grep error "$scratch/bad.log")"
	fi
}

# patched BYTES OFFSET: a copy of the kernel with BYTES (printf escapes) at OFFSET.
patched() {
	cp "$kernel" "$scratch/patched"
	printf "$1" | dd of="$scratch/patched" bs=1 seek=$(($2)) conv=notrunc status=none
	echo "$scratch/patched"
}

refused "an ELF file is no bzImage" "$BUILD/kernel/kernel.elf" \
	"kernel /boot/vmlinuz: not a bzImage (no HdrS setup header)"
refused "boot protocol 2.01 is refused" "$(patched '\001\002' 0x206)" \
	"kernel /boot/vmlinuz: not a bzImage (boot protocol < 2.02)"
head -c 4096 "$kernel" >"$scratch/truncated"
refused "a setup cut short is refused" "$scratch/truncated" \
	"kernel /boot/vmlinuz: setup_sects claims more sectors than the file holds"
head -c 1048576 "$kernel" >"$scratch/truncated"
refused "a kernel cut short is refused" "$scratch/truncated" \
	"kernel /boot/vmlinuz: syssize claims more than the file holds after the setup code"
# cmdline_size 16: "console=ttyS0 gbtoken=x" is 23 bytes.
refused "a command line over cmdline_size is refused" "$(patched '\020\000\000\000' 0x238)" \
	"kernel /boot/vmlinuz: the command line is 23 bytes, more than its cmdline_size of 16"
# initrd_addr_max 2 MiB: the archives, over 1 MiB together, do not fit in
# the 1 MiB from 1 MiB to 2 MiB (the kernel lies higher).
total=$(( ($(stat -c %s "$scratch/first.cpio") + 3) / 4 * 4 + ($(stat -c %s "$scratch/second.cpio") + 3) / 4 * 4 ))
[ "$total" -gt 1048576 ] || not_ok "the archives are $total bytes: too small for the room test"
refused "an initrd larger than the room below initrd_addr_max is refused" \
	"$(patched '\377\377\037\000' 0x22c)" \
	"initrd /boot/first.cpio: $total bytes (2 files) do not fit in free memory below initrd_addr_max 0x1fffff"

# An initrd that is missing, or does not match its pin, is named.
mcopy -o -i "$scratch/bad.img@@1M" "$kernel" ::/boot/vmlinuz
sed 's|initrd /boot/first.cpio /boot/second.cpio|initrd /boot/first.cpio /boot/absent.cpio|' \
	"$scratch/bad.cfg" >"$scratch/absent.cfg"
mcopy -o -i "$scratch/bad.img@@1M" "$scratch/absent.cfg" ::/boot/ghostboot.cfg
refused "a missing initrd is named" "$kernel" "initrd /boot/absent.cpio: file not found"
sed "s|initrd /boot/first.cpio /boot/second.cpio|initrd /boot/first.cpio sha256=$(printf '0%.0s' $(seq 64)) /boot/second.cpio|" \
	"$scratch/bad.cfg" >"$scratch/pinned.cfg"
mcopy -o -i "$scratch/bad.img@@1M" "$scratch/pinned.cfg" ::/boot/ghostboot.cfg
refused "an initrd that does not match its pin is refused" "$kernel" \
	"initrd /boot/first.cpio: contents do not match the sha256= pin"

# A 64-bit kernel on a 32-bit CPU would halt without a word after the jump.
if $GHOSTBOOT test "$scratch/fat32.img" --timeout 60 --cpu qemu32 --log "$scratch/cpu.log" >/dev/null 2>&1; then
	not_ok "a 64-bit kernel on a 32-bit CPU: booted"
elif grep -qF "ghostboot: error: kernel /boot/vmlinuz: a 64-bit kernel, and this CPU has no 64-bit mode" \
	"$scratch/cpu.log"; then
	ok "a 64-bit kernel on a 32-bit CPU (qemu32) is refused"
else
	not_ok "a 64-bit kernel on a 32-bit CPU: $(grep error "$scratch/cpu.log")"
fi

# inspect: the protocol version as the header has it.
version=$(od -An -j $((0x206)) -N2 -tu2 "$kernel" | tr -d ' ')
expected=$(printf '%s: Linux bzImage, boot protocol %u.%02u' "$kernel" $((version >> 8)) $((version & 255)))
if $GHOSTBOOT inspect "$kernel" >"$scratch/inspect" 2>&1 && grep -qF "$expected" "$scratch/inspect" &&
	grep -q "relocatable, kernel_alignment 0x" "$scratch/inspect"; then
	ok "inspect names the bzImage's protocol and alignment"
else
	not_ok "inspect: expected '$expected'; got: $(head -n 3 "$scratch/inspect")"
fi
expect_error "inspect refuses boot protocol 2.01" $GHOSTBOOT inspect "$(patched '\001\002' 0x206)"
err_says "not a bzImage (boot protocol < 2.02)" || not_ok "inspect: the < 2.02 message"

# mkimage's Linux options, misused.
usage_fails() {
	name=$1 text=$2
	shift 2
	$GHOSTBOOT mkimage -o "$scratch/usage.img" "$@" >/dev/null 2>"$scratch/err"
	status=$?
	if [ $status -eq 2 ] && err_says "$text"; then ok "$name"; else not_ok "$name: status $status, $(cat "$scratch/err")"; fi
}
usage_fails "mkimage: --initrd without --linux" "--initrd goes with --linux" \
	--kernel "$BUILD/kernel/kernel.elf" --initrd "$scratch/first.cpio"
usage_fails "mkimage: --linux with --kernel" "--linux boots a Linux kernel: without --kernel and --module" \
	--linux "$kernel" --kernel "$BUILD/kernel/kernel.elf"

finish
