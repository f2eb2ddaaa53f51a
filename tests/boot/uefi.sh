# The UEFI loader (docs/uefi.md): built as a PE32+ EFI application, put on
# an EFI system partition by mkimage, booted by OVMF through `ghostboot test
# --firmware uefi` to the sample kernel's self test (boot information,
# memory map, modules, command line, the firmware and the ACPI RSDP); the same image boots under SeaBIOS;
# errors stop the boot with stage 2's words on the serial console.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
EFI=$BUILD/uefi/BOOTX64.EFI

# le OFFSET BYTES FILE: the little-endian unsigned number at OFFSET.
le() { od -An -tu"$2" -j "$1" -N "$2" "$3" | tr -d ' '; }

pe=$(le 60 4 "$EFI")
check "BOOTX64.EFI is a PE file" test "$(head -c 2 "$EFI")" = MZ -a \
	"$(dd if="$EFI" bs=1 skip="$pe" count=4 status=none | od -An -c | tr -d ' ')" = 'PE\0\0'
check "  ... for x86-64" test "$(le $((pe + 4)) 2 "$EFI")" -eq $((0x8664))
check "  ... PE32+" test "$(le $((pe + 24)) 2 "$EFI")" -eq $((0x20b))
check "  ... an EFI application (subsystem 10)" test "$(le $((pe + 24 + 68)) 2 "$EFI")" -eq 10

# uefi_boots NAME IMAGE [test options...]: passes under OVMF, through the
# UEFI loader, with every check of the sample kernel's self test.
uefi_boots() {
	name=$1 image=$2
	shift 2
	boots "$name" "$image" --firmware uefi --expect "ghostboot UEFI" \
		--expect "selftest: checking the boot info" --expect "command line: selftest" \
		--expect "firmware: UEFI" --expect "ACPI: RSDP at 0x" \
		--expect "selftest: $MODULE_COUNT linked modules initialised" "$@"
}

# --- an image for both firmwares (the default for a GPT with FAT) ----------
both=$scratch/both.img
# shellcheck disable=SC2086
if $GHOSTBOOT mkimage -o "$both" --table gpt --kernel "$KERNEL" $module_args \
	--cmdline selftest >"$scratch/out" 2>"$scratch/err"; then
	ok "mkimage --table gpt: an image for BIOS and UEFI"
else
	not_ok "mkimage --table gpt: $(cat "$scratch/err")"
fi
check "  ... says so" grep -q 'for BIOS and UEFI' "$scratch/out"
sfdisk -d "$both" >"$scratch/dump" 2>/dev/null
check "  ... partition 2 is an EFI system partition" \
	grep -Eq "^$both""2 : .*type=$EFI_SYSTEM" "$scratch/dump"
mtype -i "$both@@2M" ::/EFI/BOOT/BOOTX64.EFI >"$scratch/loader" 2>/dev/null
check "  ... holding the UEFI loader as \\EFI\\BOOT\\BOOTX64.EFI" cmp -s "$scratch/loader" "$EFI"
uefi_boots "boots under OVMF (q35) to the self test" "$both"
check "  ... having left the firmware through the loader's hand-off" \
	grep -q '^ghostboot: entering the kernel at 0x' "$scratch/serial.log"
boots "the same image boots under SeaBIOS" "$both" --expect "ghostboot stage 2" \
	--expect "firmware: BIOS" --expect "ACPI: RSDP at 0x" \
	--expect "selftest: $MODULE_COUNT linked modules initialised"
$GHOSTBOOT run "$both" --firmware uefi --pass "SELFTEST PASS" </dev/null >"$scratch/run.out" 2>&1
check "run --firmware uefi returns 0 at the kernel's verdict" test $? -eq 0
check "  ... with the serial console on stdout" grep -q '^ghostboot UEFI' "$scratch/run.out"
uefi_boots "test --cmdline boots the image's copy under OVMF with another command line" "$both" \
	--cmdline "selftest under-uefi" --expect "command line: selftest under-uefi"
uefi_boots "boots under OVMF on pc from a virtio disk" "$both" --machine pc --disk virtio
# With 5 GiB OVMF loads the loader above 4 GiB, where the kernel's page
# tables map nothing: the switch must run from below.
uefi_boots "boots with 5 GiB, the loader itself above 4 GiB" "$both" --memory 5G
check "  ... and the kernel is told of the memory above 4 GiB" \
	grep -q 'base 0000000100000000 length [0-9a-f]* usable' "$scratch/serial.log"
uefi_boots "boots with 64 MiB" "$both" --memory 64M

# --- UEFI only -------------------------------------------------------------
uefi=$scratch/uefi.img
# shellcheck disable=SC2086
$GHOSTBOOT mkimage -o "$uefi" --table gpt --firmware uefi --kernel "$KERNEL" $module_args \
	--cmdline selftest >"$scratch/out" 2>"$scratch/err" ||
	not_ok "mkimage --firmware uefi: $(cat "$scratch/err")"
check "mkimage --firmware uefi: no stage 2 in the BIOS boot partition" \
	test "$(dd if="$uefi" bs=1 skip=$((2048 * 512 + 4)) count=4 status=none)" != GBS2
uefi_boots "  ... boots under OVMF" "$uefi"
check "  ... ghostboot check passes it" quietly $GHOSTBOOT check "$uefi"
$GHOSTBOOT check "$uefi" >"$scratch/out" 2>&1
check "  ... naming the intact UEFI loader" \
	grep -q 'the UEFI loader /EFI/BOOT/BOOTX64.EFI on partition 2 is intact' "$scratch/out"
cp "$uefi" "$scratch/broken.img"
echo "not an EFI application" >"$scratch/garbage"
mcopy -o -i "$scratch/broken.img@@2M" "$scratch/garbage" ::/EFI/BOOT/BOOTX64.EFI
expect_error "  ... and fails it when the loader is not this version's" \
	$GHOSTBOOT check "$scratch/broken.img"
check "  ... saying so" err_says "the UEFI loader /EFI/BOOT/BOOTX64.EFI on partition 2 differs"

# --- the kernel on ext4, the loader on an EFI system partition beside it ---
ext=$scratch/ext.img
# shellcheck disable=SC2086
if $GHOSTBOOT mkimage -o "$ext" --table gpt --fs ext4 --firmware both --kernel "$KERNEL" \
	$module_args --cmdline selftest >"$scratch/out" 2>"$scratch/err"; then
	ok "mkimage --fs ext4 --firmware both: an EFI system partition beside the ext4 one"
else
	not_ok "mkimage --fs ext4 --firmware both: $(cat "$scratch/err")"
fi
sfdisk -d "$ext" >"$scratch/dump" 2>/dev/null
check "  ... partition 2 is the ext4 volume" \
	grep -Eq "^$ext""2 : start= *4096, .*type=$LINUX_DATA" "$scratch/dump"
check "  ... partition 3 the EFI system partition" \
	grep -Eq "^$ext""3 : .*type=$EFI_SYSTEM" "$scratch/dump"
esp=$(sed -n "s|^$ext""3 : start= *\([0-9]*\).*|\1|p" "$scratch/dump")
mtype -i "$ext@@$((esp * 512))" ::/EFI/BOOT/BOOTX64.EFI >"$scratch/loader" 2>/dev/null
check "  ... holding the loader" cmp -s "$scratch/loader" "$EFI"
uefi_boots "  ... boots under OVMF, the kernel read from ext4" "$ext" \
	--expect "ghostboot: ext4 filesystem on partition 2"
boots "  ... and under SeaBIOS" "$ext" --expect "ghostboot stage 2" \
	--expect "selftest: $MODULE_COUNT linked modules initialised"

# --- a FAT volume over the whole disk, as on a USB stick ----------------------
stick=$scratch/stick.img
# shellcheck disable=SC2086
$GHOSTBOOT mkimage -o "$stick" --table none --fs fat32 --firmware both --kernel "$KERNEL" \
	$module_args --cmdline selftest >"$scratch/out" 2>"$scratch/err" ||
	not_ok "mkimage --table none --firmware both: $(cat "$scratch/err")"
uefi_boots "a whole-disk FAT volume boots under OVMF" "$stick" \
	--expect "ghostboot: fat filesystem on partition 0"
boots "  ... and under SeaBIOS" "$stick" --expect "firmware: BIOS"

# --- reproducible, and the BIOS-only layout unchanged ------------------------
for layout in "--fs fat32" "--fs ext4"; do
	for n in 1 2; do
		# shellcheck disable=SC2086
		SOURCE_DATE_EPOCH=1700000000 $GHOSTBOOT mkimage -o "$scratch/repro$n.img" --table gpt \
			$layout --firmware both --kernel "$KERNEL" >/dev/null 2>&1
	done
	check "mkimage --table gpt $layout --firmware both with SOURCE_DATE_EPOCH: identical twice" \
		cmp -s "$scratch/repro1.img" "$scratch/repro2.img"
done
$GHOSTBOOT mkimage -o "$scratch/bios.img" --table gpt --firmware bios --kernel "$KERNEL" \
	>/dev/null 2>&1
sfdisk -d "$scratch/bios.img" >"$scratch/dump" 2>/dev/null
check "mkimage --table gpt --firmware bios: partition 2 stays basic data" \
	grep -Eq "^$scratch/bios.img""2 : .*type=$BASIC_DATA" "$scratch/dump"
check "  ... with no UEFI loader" sh -c "! mdir -i '$scratch/bios.img@@2M' ::/EFI >/dev/null 2>&1"

# --- an MBR with a type 0xEF EFI system partition ----------------------------
# FAT: the volume is the EFI system partition; ext: a FAT16 one after it.
for fs in fat32 ext4; do
	mbr=$scratch/mbr-$fs.img
	esp_number=1
	[ $fs = ext4 ] && esp_number=2
	# shellcheck disable=SC2086
	if $GHOSTBOOT mkimage -o "$mbr" --table mbr --fs $fs --size 64M --firmware both \
		--kernel "$KERNEL" $module_args --cmdline selftest >"$scratch/out" 2>"$scratch/err"; then
		ok "mkimage --table mbr --fs $fs --firmware both"
	else
		not_ok "mkimage --table mbr --fs $fs --firmware both: $(cat "$scratch/err")"
	fi
	sfdisk -d "$mbr" >"$scratch/dump" 2>/dev/null
	check "  ... partition $esp_number has type 0xef" \
		grep -Eq "^$mbr$esp_number : .*type=ef" "$scratch/dump"
	uefi_boots "MBR, $fs: OVMF boots the loader from the 0xef partition" "$mbr"
	boots "MBR, $fs: the same image under SeaBIOS" "$mbr" --expect "selftest: $MODULE_COUNT linked modules initialised"
done
expect_error "mkimage --firmware both on ext4 without a table: refused" "$GHOSTBOOT" mkimage \
	-o "$scratch/x.img" --table none --fs ext4 --firmware both --kernel "$KERNEL"
check "  ... names the EFI system partition" err_says "EFI system partition"
expect_error "test --firmware uefi on isapc: refused" "$GHOSTBOOT" test "$uefi" \
	--firmware uefi --machine isapc

# --- the display: a Graphics Output mode set for the entry's video line ----
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
printf 'timeout 0\nentry video\n    kernel /boot/kernel.elf\n    cmdline expect-video=800x600x32\n    video 800x600x32\n' \
	>"$scratch/video.cfg"
$GHOSTBOOT mkimage -o "$scratch/video.img" --table gpt --firmware uefi --kernel "$KERNEL" \
	--config "$scratch/video.cfg" >/dev/null 2>&1 || not_ok "mkimage of the video image"
if ! out=$($PYTHON tests/boot/screen.py dump-uefi "$scratch/video.img" "$scratch/screen.ppm" \
	"$scratch/serial.log" "kernel idle" 120); then
	not_ok "video 800x600x32 under OVMF: $out"
	sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
elif out=$($PYTHON tests/boot/screen.py check "$scratch/screen.ppm" 800x600 quadrants); then
	ok "video 800x600x32 under OVMF: the kernel's pattern fills an 800x600 screen"
else
	not_ok "video 800x600x32 under OVMF: $out"
fi
check "  ... the loader names the mode it set" \
	grep -q '^ghostboot: video 800x600x32: mode [0-9]*, 800x600x32 at 0x' "$scratch/serial.log"

# --- Multiboot under OVMF: the EFI tags and a Graphics Output framebuffer ----
# fbkernel (tests/boot/video/) checks the tags, reports them and draws on
# the framebuffer its header asks for (800x600x32).
for mb in mb2 mb1; do
	printf 'timeout 0\nentry %s\n    protocol multiboot%s\n    kernel /boot/kernel.elf\n    cmdline expect-video=800x600x32\n' \
		"$mb" "${mb#mb}" >"$scratch/$mb.cfg"
	$GHOSTBOOT mkimage -o "$scratch/$mb.img" --table gpt --firmware uefi --size 48M \
		--config "$scratch/$mb.cfg" --add "$BUILD/tests/video/fbkernel-$mb.elf=/boot/kernel.elf" \
		>/dev/null 2>&1 || not_ok "mkimage of the $mb image"
	if ! out=$($PYTHON tests/boot/screen.py dump-uefi "$scratch/$mb.img" "$scratch/screen.ppm" \
		"$scratch/serial.log" "display: test pattern drawn" 120); then
		not_ok "multiboot${mb#mb} under OVMF: $out"
		sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
	elif out=$($PYTHON tests/boot/screen.py check "$scratch/screen.ppm" 800x600 quadrants); then
		ok "multiboot${mb#mb} under OVMF: the header's 800x600x32 from Graphics Output, the pattern on screen"
	else
		not_ok "multiboot${mb#mb} under OVMF: $out"
	fi
	[ $mb = mb2 ] || continue
	check "  ... the EFI system table tag points at the system table" \
		grep -q '^efi: system table at 0x' "$scratch/serial.log"
	check "  ... the image handle tag" grep -q '^efi: image handle' "$scratch/serial.log"
	check "  ... the EFI memory map tag, of whole descriptors" \
		grep -Eq '^efi: memory map, [1-9][0-9]* descriptors' "$scratch/serial.log"
	boot_services_data=$(sed -n 's/^efi: boot services data at \(0x[0-9a-f]*\),.*/\1/p' \
		"$scratch/serial.log")
done

# --- kernels over the firmware's boot-services memory: staged -------------
# Linked where fbkernel saw OVMF's boot-services data (the same machine, so
# the same place), each kernel runs only if the loader staged its bytes and
# moved them into place after boot services ended.
if [ -z "$boot_services_data" ]; then
	not_ok "the Multiboot 2 kernel reported no boot-services data to link a kernel at"
else
	at=$(printf '0x%x' $((boot_services_data + 0x1000)))
	# mb_exit passes only with its one module of the size it was built for.
	head -c 4096 /dev/urandom >"$scratch/module.bin"
	nasm -f elf32 -DPAYLOAD_BYTES=4096 -o "$scratch/mb_exit.o" tests/bench/mb_exit.asm
	ld -m elf_i386 -n -Ttext="$at" -e _start -o "$scratch/staged-mb1.elf" "$scratch/mb_exit.o"
	nasm -f elf64 -o "$scratch/exit64.o" tests/boot/exit64.asm
	ld -m elf_x86_64 -n -Ttext="$at" -e _start -o "$scratch/staged-native.elf" "$scratch/exit64.o"
	for kind in mb1 native; do
		protocol=$([ $kind = mb1 ] && echo "protocol multiboot1" || echo "protocol ghostboot")
		module=$([ $kind = mb1 ] && echo "    module /boot/module.bin" || true)
		printf 'timeout 0\nentry staged\n    %s\n    kernel /boot/kernel.elf\n%s\n' "$protocol" \
			"$module" >"$scratch/staged.cfg"
		$GHOSTBOOT mkimage -o "$scratch/staged.img" --table gpt --firmware uefi --size 48M \
			--config "$scratch/staged.cfg" --add "$scratch/staged-$kind.elf=/boot/kernel.elf" \
			--add "$scratch/module.bin=/boot/module.bin" \
			>/dev/null 2>&1 || not_ok "mkimage of the staged $kind image"
		boots "a $kind kernel at $at, OVMF's boot-services data, runs: staged, then moved into place" \
			"$scratch/staged.img" --firmware uefi \
			--expect "ghostboot: $at-$(printf '0x%x' $((at + 0x1000))) is the firmware's boot-services memory: staged at 0x"
	done
fi

# --- chainloading: another EFI application, GRUB's, started by the firmware --
printf 'serial --unit=0 --speed=115200\nterminal_output serial\necho "GRUB chainloaded by ghostboot"\nhalt\n' \
	>"$scratch/grub-early.cfg"
grub-mkimage -O x86_64-efi -o "$scratch/grub.efi" -p /nowhere -c "$scratch/grub-early.cfg" serial \
	terminal echo halt >/dev/null 2>&1 || not_ok "grub-mkimage for x86_64-efi"
head -c 510 /dev/zero >"$scratch/sector.bin"
printf '\125\252' >>"$scratch/sector.bin"
printf 'timeout 0\nentry sector\n    chainload /boot/sector.bin\nentry grub\n    chainload /EFI/grub/grub.efi\n' \
	>"$scratch/chain.cfg"
$GHOSTBOOT mkimage -o "$scratch/chain.img" --table gpt --firmware uefi --size 48M \
	--config "$scratch/chain.cfg" --add "$scratch/grub.efi=/EFI/grub/grub.efi" \
	--add "$scratch/sector.bin=/boot/sector.bin" >/dev/null 2>&1 || not_ok "mkimage of the chainload image"
# The first entry, a BIOS boot sector, fails by name; '2' on the menu then
# chainloads GRUB.
( for _ in $(seq 1 300); do
	grep -q 'An entry failed' "$scratch/chain.log" 2>/dev/null && break
	sleep 0.2
done
printf 2
for _ in $(seq 1 300); do
	grep -q 'GRUB chainloaded' "$scratch/chain.log" 2>/dev/null && break
	sleep 0.2
done ) | timeout 120 $GHOSTBOOT run "$scratch/chain.img" --firmware uefi \
	--pass "GRUB chainloaded by ghostboot" >"$scratch/chain.log" 2>&1
check "chainload of a BIOS boot sector under UEFI: refused by name" \
	grep -qF "ghostboot: error: chainload /boot/sector.bin: not an EFI application (no MZ header): a BIOS boot sector, which UEFI cannot start" "$scratch/chain.log"
check "chainload of GRUB's EFI application under OVMF: it runs" \
	grep -q "GRUB chainloaded by ghostboot" "$scratch/chain.log"

# --- errors, in stage 2's words --------------------------------------------
cp "$uefi" "$scratch/nocfg.img"
mdel -i "$scratch/nocfg.img@@2M" ::/boot/ghostboot.cfg
fails_with "no configuration: the boot stops naming what is missing" "$scratch/nocfg.img" \
	"ghostboot: error: no partition holds /boot/ghostboot.cfg or /ghostboot.cfg" --firmware uefi
check "  ... says it halted" grep -q '^ghostboot: halted' "$scratch/fail.log"

head -c 4096 /dev/zero >"$scratch/bad.elf"
$GHOSTBOOT mkimage -o "$scratch/bad.img" --table gpt --firmware uefi --kernel "$scratch/bad.elf" \
	--no-check >/dev/null 2>&1
fails_with "a kernel that is not ELF: the boot stops naming it" "$scratch/bad.img" \
	"ghostboot: error: kernel /boot/kernel.elf: not an ELF file" --firmware uefi

finish
