# Helpers for the shell tests: source it, then call ok/not_ok per check.
# Every test runs from the top of the tree with build/ already made.

BUILD=${BUILD:-build}
GHOSTBOOT=$BUILD/ghostboot
# The sample modules, in the order each may use what the earlier export
# (kernel/build.mk).
MODULES="$BUILD/modules/console.gbm $BUILD/modules/checksum.gbm $BUILD/modules/hello.gbm"
MODULE_COUNT=$(echo "$MODULES" | wc -w)
module_args=""
for m in $MODULES; do module_args="$module_args --module $m"; done

# Debian keeps the filesystem tools in /usr/sbin; mtools must neither check
# images for a DOS geometry nor read the user's configuration.
PATH="$PATH:/usr/sbin:/sbin"
MTOOLS_SKIP_CHECK=1
MTOOLSRC=/dev/null
export PATH MTOOLS_SKIP_CHECK MTOOLSRC

# GPT partition types, as sfdisk takes them.
BIOS_BOOT=21686148-6449-6E6F-744E-656564454649
BASIC_DATA=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7
LINUX_DATA=0FC63DAF-8483-4772-8E79-3D69D8477DE4
EFI_SYSTEM=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
failures=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }

# check NAME COMMAND...: one result line from a command's exit status.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# expect_error NAME COMMAND...: fails, with one "ghostboot: error:" line.
expect_error() {
	name=$1
	shift
	if "$@" >"$scratch/out" 2>"$scratch/err"; then
		not_ok "$name: succeeded"
	elif ! grep -q '^ghostboot: error: ' "$scratch/err"; then
		not_ok "$name: no 'ghostboot: error:' line: $(head -c 300 "$scratch/err")"
	else
		ok "$name"
	fi
}

# err_says TEXT: the last command's stderr mentions TEXT.
err_says() { grep -qF -- "$1" "$scratch/err"; }

# quietly COMMAND...: the command's status, its output dropped.
quietly() { "$@" >/dev/null 2>&1; }

# Sectors stage 2 takes on a disk.
STAGE2_SECTORS=$(( ($(stat -c %s "$BUILD/stage2/stage2.bin") + 511) / 512 ))

# A scratch directory removed when the test script ends.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ghostboot-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# boots NAME IMAGE [test options...]: `ghostboot test` must pass the image;
# on failure the end of its serial log is shown.
boots() {
	name=$1 image=$2
	shift 2
	if out=$($GHOSTBOOT test "$image" --timeout 120 --log "$scratch/serial.log" "$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name: $out"
		sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
	fi
}

# fails_with NAME IMAGE PATTERN [test options]: `ghostboot test` must fail and a
# serial line match the basic regular expression PATTERN.
fails_with() {
	name=$1 image=$2 pattern=$3
	shift 3
	if out=$($GHOSTBOOT test "$image" --timeout 120 --log "$scratch/fail.log" "$@" 2>&1); then
		not_ok "$name: booted although it should not"
	elif grep -q -- "$pattern" "$scratch/fail.log"; then
		ok "$name"
	else
		not_ok "$name: expected a line matching '$pattern'; got: $out"
		sed 's/^/    serial: /' "$scratch/fail.log" | tail -n 15
	fi
}

# flip FILE OFFSET: changes one bit of the byte at OFFSET.
flip() {
	python3 -c 'import sys
f = open(sys.argv[1], "r+b")
f.seek(int(sys.argv[2]))
b = f.read(1)
f.seek(int(sys.argv[2]))
f.write(bytes([b[0] ^ 0x40]))' "$1" "$2"
}

# blob_expectation ELF: the kernel command line word expect-image=ADDR,SIZE,FNV
# for the random bytes linked into ELF (64- or 32-bit) between
# _binary_blob_bin_start and _end (tests/build.mk: blob-kernel-SIZE.elf, the
# Multiboot mb1-big.kernel), read from the file through the program header
# that loads them.
blob_expectation() {
	where=$(nm "$1" | python3 -c 'import struct, sys
elf = open(sys.argv[1], "rb").read()
symbols = {f[2]: int(f[0], 16) for f in (line.split() for line in sys.stdin) if len(f) == 3}
start = symbols["_binary_blob_bin_start"]
size = symbols["_binary_blob_bin_size"]
elf64 = elf[4] == 2
phoff, = struct.unpack_from("<Q" if elf64 else "<I", elf, 32 if elf64 else 28)
phnum, = struct.unpack_from("<H", elf, 56 if elf64 else 44)
for i in range(phnum):
    if elf64:
        kind, flags, offset, vaddr, paddr, filesz = struct.unpack_from("<IIQQQQ", elf, phoff + 56 * i)
    else:
        kind, offset, vaddr, paddr, filesz = struct.unpack_from("<IIIII", elf, phoff + 32 * i)
    if kind == 1 and vaddr <= start and start + size <= vaddr + filesz:
        data = elf[offset + start - vaddr:offset + start - vaddr + size]
open(sys.argv[2], "wb").write(data)
print("%x,%d" % (start, size))' "$1" "$scratch/expected-image.bin") &&
		echo "expect-image=$where,$(fnv1a "$scratch/expected-image.bin")"
	rm -f "$scratch/expected-image.bin"
}

# blob_matched ELF [PREFIX]: the line the kernel prints when that blob
# matched (the sample kernel's, or with PREFIX the Multiboot test kernel's).
blob_matched() {
	prefix=${2:-selftest}
	# shellcheck disable=SC2046
	set -- $(blob_expectation "$1" | tr '=,' '  ')
	echo "$prefix: image bytes at 0x$2 ($3 bytes) match, byte for byte"
}

# fnv1a FILE: the file's 32-bit FNV-1a hash in hex, as the test kernels
# compute it over what they were handed (tests/kernel/fnv1a.c).
fnv1a() { "$BUILD/tests/bin/fnv1a" "$1"; }

# blkdebug_boot IMG SECTOR [once]: boots IMG with reads of SECTOR failing
# (only the first, with `once`) through QEMU's blkdebug driver; the serial
# log in $scratch/serial.log. Ends at the kernel's exit, at stage 2's halt
# or at stage 1's error, 60 seconds at most.
blkdebug_boot() {
	printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\n' "$2" >"$scratch/blkdebug.cfg"
	[ "${3:-}" = once ] && echo 'once = "on"' >>"$scratch/blkdebug.cfg"
	: >"$scratch/serial.log"
	qemu-system-x86_64 -display none -no-reboot -m 256 -serial "file:$scratch/serial.log" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "format=raw,if=ide,file.driver=blkdebug,file.config=$scratch/blkdebug.cfg,file.image.filename=$1" \
		>/dev/null 2>&1 &
	qemu=$!
	waited=0
	while kill -0 $qemu 2>/dev/null && [ $waited -lt 600 ] &&
		! grep -q '^ghostboot: halted\|^ghostboot: disk read error' "$scratch/serial.log"; do
		sleep 0.1
		waited=$((waited + 1))
	done
	kill $qemu 2>/dev/null
	wait $qemu 2>/dev/null
}

# serial_shows NAME LINE...: the boot in $scratch/serial.log (blkdebug_boot's,
# say) showed each basic regular expression LINE; else its end is shown.
serial_shows() {
	name=$1
	shift
	for line; do
		if ! grep -q -- "$line" "$scratch/serial.log"; then
			not_ok "$name: no line '$line'"
			sed 's/^/    serial: /' "$scratch/serial.log" | tail -n 15
			return
		fi
	done
	ok "$name"
}

finish() { [ "$failures" -eq 0 ]; }
