# QEMU boots with a `video` line (docs/configuration.md "Video"), on QEMU's
# standard VGA (Bochs VBE): the kernel draws red, green, blue and white
# quadrants, QEMU's screendump is read back (tests/boot/screen.py) and its
# size and pixels checked. A mode the card lacks stays in text mode with
# a warning; `video text` stays in text. The native protocol with the
# sample kernel; Multiboot 1 and 2 with fbkernel (tests/boot/video/) and
# the Multiboot kernels that check every field (tests/boot/multiboot/).
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
VIDEO=$BUILD/tests/video
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# image NAME KERNEL CONFIG-LINES...: an image booting KERNEL from an entry
# made of the lines given; sets $img.
image() {
	name=$1 kernel=$2
	shift 2
	img=$scratch/$name.img
	{
		echo "timeout 0"
		echo "entry $name"
		echo "    kernel /boot/kernel.elf"
		for line in "$@"; do echo "    $line"; done
	} >"$scratch/$name.cfg"
	$GHOSTBOOT mkimage -o "$img" --size 16M --fs fat12 --config "$scratch/$name.cfg" \
		--add "$kernel=/boot/kernel.elf" >"$scratch/mkimage.log" 2>&1 ||
		{ cat "$scratch/mkimage.log"; return 1; }
}

# screen NAME MARKER SIZE quadrants|text: boots $img until MARKER is on
# serial, then checks the screen; the serial log stays in $scratch/serial.log.
screen() {
	if ! out=$($PYTHON tests/boot/screen.py dump "$img" "$scratch/screen.ppm" \
		"$scratch/serial.log" "$2" 120); then
		not_ok "$1: $out"
		sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
	elif out=$($PYTHON tests/boot/screen.py check "$scratch/screen.ppm" "$3" "$4"); then
		ok "$1"
	else
		not_ok "$1: $out"
	fi
}

# serial_says NAME TEXT: the last boot's serial log holds TEXT.
serial_says() {
	if grep -qF -- "$2" "$scratch/serial.log"; then
		ok "$1"
	else
		not_ok "$1: no '$2' on serial"
		sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
	fi
}

# --- the native protocol -----------------------------------------------------
for mode in 800x600x32 1024x768x32; do
	size=${mode%x*}
	image "native-$size" "$KERNEL" "cmdline expect-video=$mode" "video $mode" &&
		screen "native protocol, video $mode: the kernel's pattern fills a $size screen" \
			"kernel idle" "$size" quadrants &&
		serial_says "native protocol, video $mode: stage 2 names the mode it set" \
			"ghostboot: video $mode: mode 0x"
done

# The closest mode: within an eighth on each side, the requested depth.
image native-near "$KERNEL" "cmdline selftest expect-video=1280x768x32" "video 1366x768x32" &&
	boots "native protocol, video 1366x768x32 gets the closest mode, 1280x768x32" "$img" \
		--expect "ghostboot: video 1366x768x32: mode 0x"

# An 8-bit mode: indexed, with the palette the BIOS set (the kernel checks it).
image native-8 "$KERNEL" "cmdline selftest expect-video=800x600x8" "video 800x600x8" &&
	boots "native protocol, video 800x600x8: an indexed mode with its palette" "$img" \
		--expect "display: indexed 800x600x8"

# A mode the card lacks: text mode, the warning word for word, a text screen.
image native-none "$KERNEL" "cmdline expect-video=text" "video 1234x567x32" &&
	screen "native protocol, video 1234x567x32: the screen stays in text mode" \
		"kernel idle" 720x400 text &&
	serial_says "native protocol, video 1234x567x32: the warning says why" \
		"ghostboot: warning: video 1234x567x32: no such mode, staying in text mode"

image native-text "$KERNEL" "cmdline expect-video=text" "video text" &&
	screen "native protocol, video text: text mode" "kernel idle" 720x400 text

# --- Multiboot ---------------------------------------------------------------
# fbkernel-mb1 and fbkernel-mb2 ask for 800x600x32 in their headers.
for mb in mb1 mb2; do
	protocol=multiboot${mb#mb}
	image "$mb-header" "$VIDEO/fbkernel-$mb.elf" "protocol $protocol" \
		"cmdline expect-video=800x600x32" &&
		screen "$protocol: the header's 800x600x32 is set, the kernel's pattern fills the screen" \
			"display: test pattern drawn" 800x600 quadrants &&
		serial_says "$protocol: the VBE information comes with the mode" "vbe: mode 0x"
	# The entry's video line takes precedence over the header.
	image "$mb-entry" "$VIDEO/fbkernel-$mb.elf" "protocol $protocol" \
		"cmdline expect-video=1024x768x32" "video 1024x768x32" &&
		screen "$protocol: the entry's video 1024x768x32 beats the header's 800x600x32" \
			"display: test pattern drawn" 1024x768 quadrants
	image "$mb-indexed" "$VIDEO/fbkernel-$mb.elf" "protocol $protocol" \
		"cmdline expect-video=800x600x8" "video 800x600x8" &&
		screen "$protocol: video 800x600x8 is an indexed mode with its palette" \
			"display: indexed, 256 colors" 800x600 none
done
image mb1-text "$VIDEO/fbkernel-mb1.elf" "protocol multiboot1" "cmdline expect-video=text" \
	"video text" &&
	screen "multiboot1: video text keeps the text screen, described as EGA text" \
		"display: EGA text" 720x400 text
# fbkernel-mb2-optional's framebuffer tag is optional: video text may win.
image mb2-text "$VIDEO/fbkernel-mb2-optional.elf" "protocol multiboot2" \
	"cmdline expect-video=text" "video text" &&
	screen "multiboot2: video text keeps the text screen, described as EGA text" \
		"display: EGA text" 720x400 text

# A framebuffer tag asking for a mode no card has: optional, the kernel
# boots in text mode after the warning; required, stage 2 stops naming it.
image mb2-optional "$VIDEO/fbkernel-mb2-optional.elf" "protocol multiboot2" \
	"cmdline expect-video=text" &&
	screen "multiboot2: an optional framebuffer tag no mode fits leaves text mode" \
		"display: EGA text" 720x400 text &&
	serial_says "multiboot2: the optional tag's warning says why" \
		"ghostboot: warning: video 1234x567x32: no such mode, staying in text mode"
# stops NAME: `ghostboot test` fails on $img with the framebuffer tag's error.
stops() {
	if $GHOSTBOOT test "$img" --timeout 120 --log "$scratch/serial.log" >/dev/null 2>&1; then
		not_ok "$1: it booted"
	else
		serial_says "$1" "ghostboot: error: kernel /boot/kernel.elf: multiboot2 header: its framebuffer tag is required, and no graphics mode was set"
	fi
}
image mb2-missing "$VIDEO/fbkernel-mb2-missing.elf" "protocol multiboot2" &&
	stops "multiboot2: a required framebuffer tag no mode fits stops the boot, naming the kernel"
image mb2-required-text "$VIDEO/fbkernel-mb2.elf" "protocol multiboot2" "video text" &&
	stops "multiboot2: video text against a required framebuffer tag stops the boot"

# The Multiboot kernels that check every field (tests/boot/multiboot/)
# get the entry's mode, check its framebuffer fields and draw on it.
for mb in mb1 mb2; do
	image "$mb-fields" "$BUILD/tests/multiboot/$mb.kernel" "protocol multiboot${mb#mb}" \
		"video 800x600x32" "cmdline mem=256 part=0 mods=0 syms=1 acpi=1 fb=800x600x32" &&
		boots "multiboot${mb#mb}: the checking kernel finds video 800x600x32 in its framebuffer fields" \
			"$img" --expect "mbtest: test pattern drawn"
done

# A kernel whose required console may not be EGA text boots once the entry
# asks for a mode (without one it is refused: multiboot.sh).
image mb2-console "$BUILD/tests/multiboot/mb2-console.kernel" "protocol multiboot2" \
	"video 800x600x32" "cmdline mem=256 part=0 mods=0 syms=1 acpi=1 fb=800x600x32" &&
	boots "multiboot2: a kernel that needs a graphics console boots with video 800x600x32" \
		"$img" --expect "mbtest: test pattern drawn"

finish
