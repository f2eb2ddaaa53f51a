# QEMU boot tests of stage 2's native disk drivers (docs/stage2.md "Native
# disk drivers"): the sample kernel, its modules and a 32 MiB raw file
# arrive byte for byte through each driver, which stage 2 names on serial;
# `disk bios` keeps the BIOS; a driver failing verification or failing
# later hands the disk back to the BIOS and the boot still passes.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
SAMPLES="console checksum hello"
BIG_SECTORS=65536 # 32 MiB

head -c $((BIG_SECTORS * 512)) /dev/urandom >"$scratch/big.bin"
big_fnv=$(fnv1a "$scratch/big.bin")

# image NAME [GLOBAL LINE] [FS]: a 128 MiB image (FAT32 unless FS) with the
# sample kernel (or $kernel, pinned by $pin and checked by $check), its
# modules and big.bin, which the kernel checks byte for byte.
image() {
	{
		[ -n "${2:-}" ] && echo "$2"
		cat <<CFG
entry drivers
    kernel /boot/kernel.elf${pin:+ sha256=$pin}
    cmdline selftest expect-modules=3 expect-files=1 expect-file=/boot/big.bin,$((BIG_SECTORS * 512)),$big_fnv${check:+ $check}
    module /boot/modules/console.gbm
    module /boot/modules/checksum.gbm
    module /boot/modules/hello.gbm
    file /boot/big.bin
CFG
	} >"$scratch/$1.cfg"
	add="--add ${kernel:-$KERNEL}=/boot/kernel.elf --add $scratch/big.bin=/boot/big.bin"
	for m in $SAMPLES; do add="$add --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done
	$GHOSTBOOT mkimage -o "$scratch/$1.img" --size 128M --fs "${3:-fat32}" --config "$scratch/$1.cfg" \
		$add >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $1: $(cat "$scratch/mkimage.log")"; return 1; }
}

# through NAME IMAGE MACHINE DISK [--expect TEXT]...: boots with the
# payload byte for byte through that disk, each TEXT on serial.
through() {
	name=$1 img=$2 machine=$3 disk=$4
	shift 4
	boots "$name" "$img" --machine "$machine" --disk "$disk" --memory 256M \
		--expect "selftest: file /boot/big.bin matches, byte for byte" "$@"
}

# qemu_boot MACHINE DISK IMAGE [SECTOR]: boots IMAGE with QEMU directly on
# DISK (ahci, ide, virtio, virtio-modern, virtio-legacy; lsi, a SCSI
# controller, which no driver takes), the first read of SECTOR failing
# through blkdebug when given (the read that comes first, driver's or
# BIOS's, gets the error); serial in $scratch/serial.log.
qemu_boot() {
	file="file=$3"
	if [ -n "${4:-}" ]; then
		printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\nonce = "on"\n' \
			"$4" >"$scratch/blkdebug.cfg"
		file="file.driver=blkdebug,file.config=$scratch/blkdebug.cfg,file.image.filename=$3"
	fi
	case $2 in
	ahci) bus="-device ahci,id=hba -device ide-hd,drive=d0,bus=hba.0" ;;
	ide) bus="-device ide-hd,drive=d0,bus=ide.0" ;;
	virtio) bus="-device virtio-blk-pci,drive=d0" ;;
	virtio-modern) bus="-device virtio-blk-pci,drive=d0,disable-legacy=on" ;;
	virtio-legacy) bus="-device virtio-blk-pci,drive=d0,disable-modern=on,disable-legacy=off" ;;
	lsi) bus="-device lsi53c895a,id=hba -device scsi-hd,drive=d0,bus=hba.0" ;;
	esac
	: >"$scratch/serial.log"
	timeout 120 qemu-system-x86_64 -machine "$1" -display none -no-reboot -m 256 \
		-serial "file:$scratch/serial.log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "id=d0,if=none,format=raw,$file" $bus >/dev/null 2>&1
}

# passed_with NAME LINE...: the boot in $scratch/serial.log passed the
# kernel's checks and showed each basic regular expression LINE.
passed_with() {
	name=$1
	shift
	serial_shows "$name" "selftest: file /boot/big.bin matches, byte for byte" "$@"
}

image native &&
	through "AHCI: the payload arrives byte for byte through the AHCI driver" \
		"$scratch/native.img" q35 ahci --expect "ghostboot: disk: AHCI port " \
		--expect ", verified against the BIOS" &&
	through "IDE: the payload arrives byte for byte through the bus-master IDE driver" \
		"$scratch/native.img" pc ide --expect "ghostboot: disk: IDE port 0 at " \
		--expect ", verified against the BIOS" &&
	through "virtio: the payload arrives byte for byte through the virtio-blk driver" \
		"$scratch/native.img" q35 virtio --expect "ghostboot: disk: virtio-blk at " \
		--expect ", verified against the BIOS"

image ext4 "" ext4 &&
	through "AHCI: ext4 (extents) through the AHCI driver" "$scratch/ext4.img" q35 ahci \
		--expect "ghostboot: disk: AHCI port " --expect "ghostboot: ext4 filesystem" &&
	through "IDE: ext4 through the bus-master IDE driver" "$scratch/ext4.img" pc ide \
		--expect "ghostboot: disk: IDE port 0 at " &&
	through "virtio: ext4 through the virtio-blk driver" "$scratch/ext4.img" pc virtio \
		--expect "ghostboot: disk: virtio-blk at "

# A kernel with a 64 MiB segment (tests/build.mk), pinned: each byte read
# straight to its place and hashed on the way, through a driver and through
# the BIOS, from FAT32 and ext4; the kernel checks the segment's bytes.
kernel=$BUILD/tests/kernel/blob-kernel-64M.elf
pin=$(sha256sum "$kernel" | cut -d' ' -f1)
check=$(blob_expectation "$kernel")
blob_line=$(blob_matched "$kernel")
for setup in fat32:q35:ahci:AHCI fat32:q35:ahci:bios ext4:q35:virtio:virtio-blk ext4:q35:ahci:bios; do
	fs=${setup%%:*} rest=${setup#*:} machine=${rest%%:*} rest=${rest#*:} disk=${rest%%:*}
	kind=${rest#*:}
	if [ "$kind" = bios ]; then
		global="disk bios" via="the BIOS" disk_line="ghostboot: disk: BIOS drive 0x80"
	else
		global="" via="the $kind driver" disk_line="ghostboot: disk: $kind"
	fi
	image blob "$global" "$fs" &&
		through "a pinned kernel's 64 MiB segment arrives byte for byte from $fs through $via" \
			"$scratch/blob.img" "$machine" "$disk" --expect "$disk_line" --expect "$blob_line"
	rm -f "$scratch/blob.img"
done
kernel="" pin="" check=""

image bios "disk bios" &&
	through "disk bios keeps the BIOS on an AHCI disk" "$scratch/bios.img" q35 ahci \
		--expect "ghostboot: disk: BIOS drive 0x80 (disk bios in the configuration)"

if [ -f "$scratch/native.img" ]; then
	qemu_boot q35 lsi "$scratch/native.img"
	passed_with "a controller no driver knows (SCSI) stays with the BIOS" \
		"^ghostboot: disk: BIOS drive 0x80 (no native driver for it)"
	qemu_boot q35 virtio-modern "$scratch/native.img"
	passed_with "a modern-only virtio-blk device (1af4:1042) is read through the driver" \
		"^ghostboot: disk: virtio-blk at .*, verified against the BIOS"
	qemu_boot pc virtio-legacy "$scratch/native.img"
	passed_with "a legacy-only virtio-blk device is read through the driver's legacy interface" \
		"^ghostboot: disk: virtio-blk at .*, verified against the BIOS"

	# The last sector of the disk: read first by the driver's verification.
	last=$(($(stat -c %s "$scratch/native.img") / 512 - 1))
	# A sector in the middle of big.bin, read first through the driver.
	offset=$(python3 -c 'import sys
image = open(sys.argv[1], "rb").read()
print(image.find(open(sys.argv[2], "rb").read(4096)))' "$scratch/native.img" "$scratch/big.bin")
	for setup in q35:ahci:AHCI pc:ide:IDE q35:virtio:virtio-blk pc:virtio-legacy:virtio-blk; do
		machine=${setup%%:*} disk=${setup#*:} disk=${disk%:*} kind=${setup##*:}
		qemu_boot $machine $disk "$scratch/native.img" $last
		passed_with "$kind on $disk: a driver failing verification leaves the disk to the BIOS, with a warning" \
			"^ghostboot: warning: disk: $kind.* at .* failed to start or read" \
			"^ghostboot: disk: BIOS drive 0x80 (no native driver for it)"
		if [ "$offset" -lt 0 ] || [ $((offset % 512)) -ne 0 ]; then
			not_ok "big.bin's place in the image: offset $offset"
			continue
		fi
		qemu_boot $machine $disk "$scratch/native.img" $((offset / 512 + BIG_SECTORS / 2))
		passed_with "$kind on $disk: a driver read error later hands the disk back to the BIOS, which rereads" \
			"^ghostboot: disk: $kind.* at .*, verified against the BIOS" \
			"^ghostboot: warning: disk: $kind read error at LBA [0-9]*; reading through the BIOS from now on"
	done
fi

finish
