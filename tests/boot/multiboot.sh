# QEMU boot tests of the Multiboot protocols (docs/multiboot.md): the test
# kernels of tests/boot/multiboot/ check every field they are handed and
# report through port 0xf4; the damaged variants must stop the boot with a
# message naming the kernel and the problem; entries boot by protocol on a
# 32-bit CPU, where a native entry is refused.
. tests/lib.sh

MB=$BUILD/tests/multiboot

head -c 70000 /dev/urandom >"$scratch/initrd.bin"
printf 'a short module\n' >"$scratch/note.txt"
INITRD_FNV=$(fnv1a "$scratch/initrd.bin")
INITRD_SIZE=$(stat -c %s "$scratch/initrd.bin")

# config PROTOCOL EXPECTATIONS: a configuration for the test kernel with two
# modules: one whose string carries its checksum (and a quoted part, which
# reaches the kernel as written, and a comment, which does not), one with
# the default string (its path).
config() {
	cat <<CFG
timeout 0
entry test
    protocol $1
    kernel /boot/kernel
    cmdline mem=256 mods=2 $2
    module /boot/initrd.bin -- initrd fnv=$INITRD_FNV size=$INITRD_SIZE "quoted # part"  # comment
    module "/boot/a note.txt" optional
CFG
}

# image NAME KERNEL CONFIG-FILE [mkimage options]
image() {
	image_name=$1 image_kernel=$2 image_cfg=$3
	shift 3
	$GHOSTBOOT mkimage -o "$scratch/$image_name.img" --config "$image_cfg" \
		--add "$image_kernel=/boot/kernel" \
		--add "$scratch/initrd.bin=/boot/initrd.bin" --add "$scratch/note.txt=/boot/a note.txt" \
		"$@" >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $image_name: $(cat "$scratch/mkimage.log")"; return 1; }
}

# The good kernels, from FAT in an MBR partition, from ext4 in the second
# GPT partition (the first is the BIOS boot partition) and from
# unpartitioned ext2.
for spec in mb1:multiboot1:1:0 mb1-aout:multiboot1:0:0 mb2:multiboot2:1:1; do
	IFS=: read -r kernel protocol syms acpi <<SPEC
$spec
SPEC
	for fs in fat gpt-ext4 ext2; do
		case $fs in
		fat) part=0 layout="--size 64M --fs fat32" ;;
		gpt-ext4) part=1 layout="--size 32M --table gpt --fs ext4" ;;
		ext2) part=none layout="--size 32M --table none --fs ext2" ;;
		esac
		config "$protocol" "part=$part syms=$syms acpi=$acpi" >"$scratch/$kernel.cfg"
		image "$kernel-$fs" "$MB/$kernel.kernel" "$scratch/$kernel.cfg" $layout &&
			boots "$kernel kernel ($protocol) from $fs: every field checks out" \
				"$scratch/$kernel-$fs.img" --expect "mbtest: PASS" \
				--expect "mbtest: cmdline: mem=256 mods=2 part=$part syms=$syms acpi=$acpi" \
				--expect "mbtest: module 0: initrd fnv=$INITRD_FNV size=$INITRD_SIZE \"quoted # part\" (70000 bytes)" \
				--expect "mbtest: module 1: /boot/a note.txt (15 bytes)" \
				--expect "mbtest: loader: ghostboot 0.1"
	done
done

# A relocatable image goes where its header allows and prefers, and the
# load base address tag says where.
config multiboot2 "part=0" >"$scratch/reloc.cfg"
image reloc "$MB/relocatable.kernel" "$scratch/reloc.cfg" --size 64M --fs fat32 &&
	boots "a relocatable Multiboot 2 image is placed as it asks and told where" \
		"$scratch/reloc.img" --expect "reloctest: PASS"

# Another memory size: the map must follow it.
config multiboot2 "part=0 syms=1 acpi=1" | sed 's/mem=256/mem=96/' >"$scratch/mem.cfg"
image mem "$MB/mb2.kernel" "$scratch/mem.cfg" --size 64M --fs fat32 &&
	boots "the memory map follows QEMU's memory size (96 MiB)" "$scratch/mem.img" --memory 96M

# The kernel checks the map against mem=: booted with 256 MiB, it must fail.
fails_with "the test kernel fails a memory map that does not match" "$scratch/mem.img" \
	"mbtest: FAIL: usable RAM in the map does not match QEMU's memory"

# A kernel with a 64 MiB segment boots in QEMU's 128 MiB: the file is read
# once, its segment straight into place, never whole into memory beside it.
# The kernel checks the segment's bytes and finds its symbols in the
# sections handed apart; pinned, every byte is hashed as it passes.
BIG=$BUILD/tests/multiboot/mb1-big.kernel
big_words="syms=1 acpi=0 $(blob_expectation "$BIG")"
big_line=$(blob_matched "$BIG" mbtest)
config multiboot1 "part=0 $big_words" | sed 's/mem=256/mem=128/' |
	sed "s|kernel /boot/kernel|kernel /boot/kernel sha256=$(sha256sum "$BIG" | cut -c1-64)|" \
		>"$scratch/segment-pinned.cfg"
image segment-pinned "$BIG" "$scratch/segment-pinned.cfg" --size 160M --fs fat32 &&
	boots "a pinned Multiboot kernel with a 64 MiB segment boots from FAT32 in 128 MiB, every byte in place" \
		"$scratch/segment-pinned.img" --memory 128M --expect "$big_line" \
		--expect "mbtest: symbol kernel_main found" --expect "mbtest: PASS"
config multiboot1 "part=1 $big_words" | sed 's/mem=256/mem=128/' >"$scratch/segment.cfg"
image segment-ext4 "$BIG" "$scratch/segment.cfg" --size 160M --table gpt --fs ext4 &&
	boots "an unpinned Multiboot kernel with a 64 MiB segment boots from ext4 in 128 MiB, every byte in place" \
		"$scratch/segment-ext4.img" --memory 128M --expect "$big_line" \
		--expect "mbtest: symbol kernel_main found" --expect "mbtest: PASS"

# A pin covers the bytes no segment loads: a byte changed in .strtab, which
# the kernel gets a copy of, stops the boot.
cp "$MB/mb1.kernel" "$scratch/strtab-changed.kernel"
flip "$scratch/strtab-changed.kernel" \
	$((0x$(readelf -SW "$MB/mb1.kernel" | sed -n 's/.* \.strtab  *STRTAB  *[0-9a-f]* \([0-9a-f]*\) .*/\1/p') + 1))
config multiboot1 "part=0 syms=1 acpi=0" |
	sed "s|kernel /boot/kernel|kernel /boot/kernel sha256=$(sha256sum "$MB/mb1.kernel" | cut -c1-64)|" \
		>"$scratch/pinned.cfg"
image pinned "$MB/mb1.kernel" "$scratch/pinned.cfg" --size 64M --fs fat32 &&
	boots "a pinned Multiboot kernel boots" "$scratch/pinned.img" --expect "mbtest: PASS" &&
	mcopy -o -i "$scratch/pinned.img@@1M" "$scratch/strtab-changed.kernel" ::/boot/kernel &&
	fails_with "a pinned Multiboot kernel with a byte changed outside its segments is refused" \
		"$scratch/pinned.img" "ghostboot: error: kernel /boot/kernel: contents do not match the sha256= pin"

# Bad input: NAME KERNEL PROTOCOL TEXT, each a header damaged one way.
# mkimage refuses such a kernel, so the image is made with a good one and
# the damaged one copied over it, as a user's later copy would.
bad() {
	config "$3" "part=0" >"$scratch/bad.cfg"
	good=$MB/mb1.kernel
	[ "$3" = multiboot2 ] && good=$MB/mb2.kernel
	image "$2" "$good" "$scratch/bad.cfg" --size 64M --fs fat32 &&
		mcopy -o -i "$scratch/$2.img@@1M" "$MB/$2.kernel" ::/boot/kernel &&
		fails_with "$1" "$scratch/$2.img" "ghostboot: error: kernel /boot/kernel: $4"
}
bad "Multiboot 1: a bad checksum is refused" mb1-badsum multiboot1 \
	"multiboot1 header: bad checksum"
bad "Multiboot 1: an unknown required flag is named" mb1-flag5 multiboot1 \
	"multiboot1 header: requires a feature this loader does not know: flag bit 5"
bad "Multiboot 1: address fields past the end of the file are refused" mb1-badend multiboot1 \
	"multiboot1 header: load_end_addr lies past the end of the file"
bad "Multiboot 2: a bad checksum is refused" mb2-badsum multiboot2 \
	"multiboot2 header: bad checksum"
bad "Multiboot 2: an unknown required tag is named" mb2-tag12 multiboot2 \
	"multiboot2 header: unknown required tag 12"
bad "Multiboot 2: a required APM request is refused" mb2-apm multiboot2 \
	"multiboot2 header: requires information this loader does not give: information tag 10"
bad "Multiboot 2: a required graphics console is refused by name" mb2-console multiboot2 \
	"multiboot2 header: requires a console other than EGA text, and no graphics mode is set"
bad "Multiboot 2: a required EFI tag is refused on BIOS" mb2-efi multiboot2 \
	"multiboot2 header: requires EFI, which a BIOS boot does not have: tag 7"
# Segments placed over what lives in low memory: the message names it.
for spec in stage2:0x20000:"stage 2" ebda:0x9f000:"the EBDA" \
	vga:0xb8000:"the VGA memory and BIOS ROM (0xa0000-0xfffff)"; do
	IFS=: read -r where address what <<SPEC
$spec
SPEC
	config multiboot1 "part=0" >"$scratch/bad.cfg"
	image "over-$where" "$MB/mb1-$where.kernel" "$scratch/bad.cfg" --size 64M --fs fat32 &&
		fails_with "a segment over $what is refused by name" "$scratch/over-$where.img" \
			"ghostboot: error: kernel /boot/kernel: segment at $address-" &&
		grep -qF "overlaps $what" "$scratch/fail.log" ||
		not_ok "the segment over $what: message does not name it"
done

# mkimage checks a Multiboot kernel's header as stage 2 will.
config multiboot2 "part=0" >"$scratch/native-mb.cfg"
expect_error "mkimage refuses a kernel without the entry's Multiboot header" \
	$GHOSTBOOT mkimage -o "$scratch/refused.img" --size 64M --fs fat32 \
	--config "$scratch/native-mb.cfg" --add "$BUILD/kernel/kernel.elf=/boot/kernel" \
	--add "$scratch/initrd.bin=/boot/initrd.bin" --add "$scratch/note.txt=/boot/a note.txt"
err_says "entry test: kernel /boot/kernel has no multiboot2 header" ||
	not_ok "  ... naming the entry, the kernel and the problem: $(cat "$scratch/err")"
config multiboot1 "part=0" >"$scratch/flag5.cfg"
expect_error "mkimage refuses a kernel whose Multiboot header stage 2 would refuse" \
	$GHOSTBOOT mkimage -o "$scratch/refused.img" --size 64M --fs fat32 \
	--config "$scratch/flag5.cfg" --add "$MB/mb1-flag5.kernel=/boot/kernel" \
	--add "$scratch/initrd.bin=/boot/initrd.bin" --add "$scratch/note.txt=/boot/a note.txt"
err_says "multiboot1 header: requires a feature this loader does not know: flag bit 5" ||
	not_ok "  ... with stage 2's words: $(cat "$scratch/err")"

image native-mb "$MB/mb2.kernel" "$scratch/native-mb.cfg" --size 64M --fs fat32 &&
	mcopy -o -i "$scratch/native-mb.img@@1M" "$BUILD/kernel/kernel.elf" ::/boot/kernel &&
	fails_with "a kernel without a Multiboot 2 header is refused" "$scratch/native-mb.img" \
		"ghostboot: error: kernel /boot/kernel: no Multiboot 2 header in its first 32 KiB"

# A kernel with 300 sections the loader would copy apart from its segments
# (objcopy adds them, not loaded; with .symtab, .strtab and .shstrtab 303):
# refused by count, since the one pass looks through every place for each
# run it reads.
printf x >"$scratch/one.bin"
sections=""
for i in $(seq 1 300); do sections="$sections --add-section .extra$i=$scratch/one.bin"; done
# shellcheck disable=SC2086
objcopy $sections "$MB/mb1.kernel" "$scratch/many.kernel" &&
	config multiboot1 "part=0 syms=1 acpi=0" >"$scratch/many.cfg" &&
	image many "$MB/mb1.kernel" "$scratch/many.cfg" --size 64M --fs fat32 &&
	mcopy -o -i "$scratch/many.img@@1M" "$scratch/many.kernel" ::/boot/kernel &&
	fails_with "a kernel with 300 sections to copy apart is refused by count" "$scratch/many.img" \
		"ghostboot: error: kernel /boot/kernel: 303 sections to hand over apart from its segments, more than the 256 the loader takes" ||
	not_ok "a kernel with 300 sections could not be made"

# A module larger than the memory left: named, never loaded over anything.
truncate -s 80M "$scratch/big.bin"
cat >"$scratch/big.cfg" <<CFG
entry big
    protocol multiboot1
    kernel /boot/kernel
    module /boot/big.bin
CFG
$GHOSTBOOT mkimage -o "$scratch/big.img" --size 128M --fs fat32 --config "$scratch/big.cfg" \
	--add "$MB/mb1.kernel=/boot/kernel" --add "$scratch/big.bin=/boot/big.bin" >/dev/null 2>&1 &&
	fails_with "a module larger than free memory is refused with both sizes" "$scratch/big.img" \
		"ghostboot: error: module /boot/big.bin: 83886080 bytes, more than the largest free memory (" \
		--memory 64M

# Raw files and module lists belong to native entries.
config multiboot1 "part=0" | sed 's|module "/boot/a note.txt" optional|file "/boot/a note.txt"|' \
	>"$scratch/rawfile.cfg"
# mkimage refuses it as stage 2 would; --no-check lets stage 2 say so.
expect_error "mkimage refuses a file line in a Multiboot entry" $GHOSTBOOT mkimage \
	-o "$scratch/rawfile.img" --size 64M --fs fat32 --config "$scratch/rawfile.cfg" \
	--add "$MB/mb1.kernel=/boot/kernel" --add "$scratch/initrd.bin=/boot/initrd.bin" \
	--add "$scratch/note.txt=/boot/a note.txt"
err_says "file /boot/a note.txt: file lines are for protocol ghostboot" ||
	not_ok "  ... in stage 2's words: $(cat "$scratch/err")"
image rawfile "$MB/mb1.kernel" "$scratch/rawfile.cfg" --size 64M --fs fat32 --no-check &&
	fails_with "a file line in a Multiboot entry is refused" "$scratch/rawfile.img" \
		"file /boot/a note.txt: file lines are for protocol ghostboot"

# An unknown protocol is named by the parser, here as mkimage runs it.
config multiboot3 "part=0" >"$scratch/unknown.cfg"
expect_error "mkimage refuses an unknown protocol" $GHOSTBOOT mkimage -o "$scratch/unknown.img" \
	--size 64M --fs fat32 --config "$scratch/unknown.cfg" --add "$MB/mb1.kernel=/boot/kernel"
err_says "unknown.cfg, line 3: unknown protocol multiboot3" ||
	not_ok "  ... the message names the line and the protocol: $(cat "$scratch/err")"

# A Multiboot kernel is no bzImage: mkimage refuses it under protocol linux,
# with the words stage 2 would use (tests/boot/linux.sh boots such images).
config linux "part=0" | grep -v '^    module' >"$scratch/linux.cfg"
expect_error "mkimage refuses a Multiboot kernel under protocol linux" \
	$GHOSTBOOT mkimage -o "$scratch/linux.img" --size 64M --fs fat32 \
	--config "$scratch/linux.cfg" --add "$MB/mb1.kernel=/boot/kernel"
err_says "entry test: kernel /boot/kernel: not a bzImage (no HdrS setup header)" ||
	not_ok "  ... with stage 2's words: $(cat "$scratch/err")"

# A 32-bit CPU: Multiboot entries boot, a native (64-bit) entry is refused.
boots "a Multiboot 2 entry boots on a 32-bit CPU (qemu32)" "$scratch/mb2-fat.img" --cpu qemu32 \
	--expect "mbtest: PASS"
boots "a Multiboot 1 entry boots on a 32-bit CPU (qemu32)" "$scratch/mb1-fat.img" --cpu qemu32
$GHOSTBOOT mkimage -o "$scratch/native.img" --size 64M --fs fat32 \
	--kernel "$BUILD/kernel/kernel.elf" --cmdline selftest >/dev/null 2>&1 &&
	fails_with "a native entry on a 32-bit CPU names the missing 64-bit mode" \
		"$scratch/native.img" \
		"ghostboot: error: this CPU has no 64-bit mode; entry default needs one" --cpu qemu32

finish
