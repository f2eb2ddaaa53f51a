# QEMU boot tests of the pins' SHA-NI path (docs/stage2.md "Pins"): the
# QEMU of this Debian release emulates no CPU with the SHA extensions, so a
# later one from Debian's backports is fetched (scripts/fetch-qemu-sha.sh)
# and run with -cpu max. Stage 2 and the UEFI loader must say they hash with
# the extensions, verify every pin (kernel, modules, a raw file ending
# mid-sector), catch a changed byte, and hand a native and a Multiboot kernel
# over with CR0 and CR4 put back; the system QEMU's CPU keeps the portable
# hash.
. tests/lib.sh

SHA_LINE="ghostboot: SHA-256 with the CPU's SHA extensions"
if ! qemu_sha=$(scripts/fetch-qemu-sha.sh 2>"$scratch/fetch.err"); then
	not_ok "a QEMU with the SHA extensions: scripts/fetch-qemu-sha.sh failed: $(tail -n 3 "$scratch/fetch.err")"
	finish
	exit
fi

KERNEL=$BUILD/kernel/kernel.elf
FILE_SIZE=$((64 * 1024 + 300))
head -c $FILE_SIZE /dev/urandom >"$scratch/payload.bin"
pin() { sha256sum "$1" | cut -d' ' -f1; }
{
	echo "timeout 0"
	echo "entry pinned"
	echo "    kernel /boot/kernel.elf sha256=$(pin "$KERNEL")"
	echo "    cmdline selftest expect-modules=$MODULE_COUNT expect-files=1 expect-file=/boot/payload.bin,$FILE_SIZE,$(fnv1a "$scratch/payload.bin")"
	for m in $MODULES; do echo "    module /boot/modules/${m##*/} sha256=$(pin "$m")"; done
	echo "    file /boot/payload.bin sha256=$(pin "$scratch/payload.bin")"
} >"$scratch/native.cfg"
add="--add $KERNEL=/boot/kernel.elf"
for m in $MODULES; do add="$add --add $m=/boot/modules/${m##*/}"; done

# shellcheck disable=SC2086
if $GHOSTBOOT mkimage -o "$scratch/native.img" --size 64M --fs fat32 --table gpt \
	--config "$scratch/native.cfg" $add --add "$scratch/payload.bin=/boot/payload.bin" \
	>"$scratch/mkimage.log" 2>&1; then
	boots "stage 2 hashes the pins with the SHA extensions, and every pin holds" \
		"$scratch/native.img" --qemu "$qemu_sha" --cpu max --expect "$SHA_LINE" \
		--expect "selftest: file /boot/payload.bin matches, byte for byte" \
		--expect "sha256 verified"
	boots "the UEFI loader hashes the pins with the SHA extensions, and every pin holds" \
		"$scratch/native.img" --firmware uefi --qemu "$qemu_sha" --cpu max \
		--expect "$SHA_LINE" --expect "selftest: file /boot/payload.bin matches, byte for byte"
	if $GHOSTBOOT test "$scratch/native.img" --cpu max --log "$scratch/portable.log" \
		>"$scratch/portable.out" 2>&1 && ! grep -qF "$SHA_LINE" "$scratch/portable.log"; then
		ok "without the SHA extensions (QEMU $(qemu-system-x86_64 -version | sed -n 's/.*version \([^ ]*\).*/\1/p;q')) the portable hash verifies the same pins"
	else
		not_ok "without the SHA extensions: $(cat "$scratch/portable.out")"
	fi
	# One byte changed in the raw file's last, partial sector: the image
	# written without mkimage's check, which would refuse it.
	cp "$scratch/payload.bin" "$scratch/changed.bin"
	flip "$scratch/changed.bin" $((FILE_SIZE - 7))
	# shellcheck disable=SC2086
	$GHOSTBOOT mkimage -o "$scratch/changed.img" --size 64M --fs fat32 --table gpt --no-check \
		--config "$scratch/native.cfg" $add --add "$scratch/changed.bin=/boot/payload.bin" \
		>"$scratch/mkimage.log" 2>&1 &&
		fails_with "with the SHA extensions a changed byte in a file's last sector breaks its pin" \
			"$scratch/changed.img" "file /boot/payload.bin: contents do not match the sha256= pin" \
			--qemu "$qemu_sha" --cpu max
else
	not_ok "mkimage: $(cat "$scratch/mkimage.log")"
fi

# A Multiboot kernel, entered in 32-bit protected mode with paging off.
MB_KERNEL=$BUILD/tests/multiboot/mb1.kernel
printf 'timeout 0\nentry mb\n    protocol multiboot1\n    kernel /boot/kernel sha256=%s\n    cmdline mem=256 part=0 mods=0 syms=1 acpi=0\n' \
	"$(pin "$MB_KERNEL")" >"$scratch/mb.cfg"
$GHOSTBOOT mkimage -o "$scratch/mb.img" --size 32M --fs fat16 --config "$scratch/mb.cfg" \
	--add "$MB_KERNEL=/boot/kernel" >"$scratch/mkimage.log" 2>&1 &&
	boots "a pinned Multiboot kernel hashed with the SHA extensions boots" "$scratch/mb.img" \
		--qemu "$qemu_sha" --cpu max --expect "$SHA_LINE" --expect "mbtest: PASS" ||
	not_ok "mkimage mb: $(cat "$scratch/mkimage.log")"

finish
