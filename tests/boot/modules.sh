# QEMU boot tests of ghost-symbol linking (docs/contract.md "Ghost symbols", docs/kernel.md):
# stage 2 links the sample modules at boot and the kernel's self test calls
# across them; the test-only fault module is isolated and named; a module
# importing a symbol nobody exports stops the boot naming it, unless optional.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
FAULT=$BUILD/tests/modules/fault.gbm
UNDEFINED=$BUILD/tests/modules/undefined.gbm
SAMPLES="console checksum hello"
sample_args=""
for m in $SAMPLES; do sample_args="$sample_args --module $BUILD/modules/$m.gbm"; done
reversed_args=""
for m in $SAMPLES; do reversed_args="--module $BUILD/modules/$m.gbm $reversed_args"; done


# samples_work NAME IMAGE [test options...]: passes, and serial shows every
# sample module initialised and the self test's call through hello's exports.
samples_work() {
	name=$1 image=$2
	shift 2
	boots "$name" "$image" --expect "module console: initialised" \
		--expect "module checksum: initialised" --expect "module hello: initialised" \
		--expect "selftest: hello_check through hello's exports: 0x1c71ab2a" "$@"
}

# mkimage IMAGE OPTIONS...: a 64 MiB FAT32 image; a failure counts as one.
mkimage() {
	out=$1
	shift
	$GHOSTBOOT mkimage -o "$out" --size 64M --fs fat32 "$@" >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $(basename "$out"): $(cat "$scratch/mkimage.log")"; return 1; }
}

mkimage "$scratch/samples.img" --kernel "$KERNEL" $sample_args \
	--cmdline "selftest expect-modules=3" &&
	samples_work "the sample modules linked at boot pass selftest" "$scratch/samples.img"

# A module of 32 MiB links in the 128 MiB QEMU gives by default: its link
# takes memory for its symbols, not for its size.
mkimage "$scratch/bulk.img" --size 128M --kernel "$KERNEL" $sample_args \
	--module "$BUILD/tests/modules/bulk.gbm" --cmdline "selftest expect-modules=4" &&
	samples_work "a 32 MiB module boots in 128 MiB of memory" "$scratch/bulk.img" \
		--memory 128M --expect "module bulk: initialised"

# Init order follows imports: hello first in the configuration still inits last.
mkimage "$scratch/reversed.img" --kernel "$KERNEL" $reversed_args \
	--cmdline "selftest expect-modules=3" &&
	samples_work "init order comes from the imports, not the configuration" \
		"$scratch/reversed.img"

# The fault module first, so that every other module inits after its fault.
mkimage "$scratch/fault.img" --kernel "$KERNEL" --module "$FAULT" $sample_args \
	--cmdline "selftest expect-modules=4 expect-fault=fault" &&
	samples_work "a faulting module is named, disabled, and the others work" \
		"$scratch/fault.img" --expect "module fault faulted at fault+0x"

mkimage "$scratch/unexpected.img" --kernel "$KERNEL" --module "$FAULT" $sample_args \
	--cmdline "selftest expect-modules=4" &&
	fails_with "without expect-fault, a module disabled by a fault fails selftest" \
		"$scratch/unexpected.img" "^SELFTEST FAIL: module fault is disabled by a fault"

# undefined.gbm imports kstrnlen, a kernel function that is not exported.
cat >"$scratch/undefined.cfg" <<CFG
entry undefined
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=3
    module /boot/modules/console.gbm
    module /boot/modules/checksum.gbm
    module /boot/modules/hello.gbm
    module /boot/modules/undefined.gbm
CFG
add_files="--add $KERNEL=/boot/kernel.elf --add $UNDEFINED=/boot/modules/undefined.gbm"
for m in $SAMPLES; do add_files="$add_files --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done
mkimage "$scratch/undefined.img" --config "$scratch/undefined.cfg" $add_files --no-check &&
	fails_with "a module with an undefined symbol stops the boot naming it" \
		"$scratch/undefined.img" "^ghostboot: error: module undefined:.*kstrnlen"

sed 's|undefined.gbm$|undefined.gbm optional|' "$scratch/undefined.cfg" >"$scratch/optional.cfg"
mkimage "$scratch/optional.img" --config "$scratch/optional.cfg" $add_files &&
	samples_work "an optional module with an undefined symbol is skipped" \
		"$scratch/optional.img"

# Raw files beside linked modules: handed over byte for byte, in order.
head -c 10000 /dev/urandom >"$scratch/blob.bin"
printf 'PSF2 font, or anything else\n' >"$scratch/font.psf"
cat >"$scratch/files.cfg" <<CFG
entry files
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=3 expect-files=2 expect-file=/boot/blob.bin,10000,$(fnv1a "$scratch/blob.bin") expect-file=/boot/font.psf,28,$(fnv1a "$scratch/font.psf")
    module /boot/modules/console.gbm
    file /boot/blob.bin
    module /boot/modules/checksum.gbm
    file /boot/font.psf sha256=$(sha256sum "$scratch/font.psf" | cut -c1-64)
    file /boot/missing.bin optional
    module /boot/modules/hello.gbm
CFG
file_args="--add $KERNEL=/boot/kernel.elf --add $scratch/blob.bin=/boot/blob.bin"
file_args="$file_args --add $scratch/font.psf=/boot/font.psf"
for m in $SAMPLES; do file_args="$file_args --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done
mkimage "$scratch/files.img" --config "$scratch/files.cfg" $file_args &&
	samples_work "raw files reach the kernel byte for byte beside linked modules" \
		"$scratch/files.img" --expect "selftest: file /boot/blob.bin matches, byte for byte" \
		--expect "selftest: file /boot/font.psf matches, byte for byte" \
		--expect "ghostboot: warning: optional file /boot/missing.bin skipped: file not found"

sed 's|expect-file=/boot/blob.bin,10000,|expect-file=/boot/blob.bin,10001,|' "$scratch/files.cfg" \
	>"$scratch/files-wrong.cfg"
mkimage "$scratch/files-wrong.img" --config "$scratch/files-wrong.cfg" $file_args &&
	fails_with "the kernel notices a raw file that is not what it expects" \
		"$scratch/files-wrong.img" "^SELFTEST FAIL: bad file table: file /boot/blob.bin: 10000 bytes"

sed 's|    file /boot/blob.bin|    module /boot/blob.bin|' "$scratch/files.cfg" >"$scratch/rawmodule.cfg"
if $GHOSTBOOT mkimage -o "$scratch/rawmodule.img" --size 64M --fs fat32 \
	--config "$scratch/rawmodule.cfg" $file_args >"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage refuses a raw file given as a module: it wrote the image"
else
	check "mkimage refuses a raw file given as a module" \
		grep -qF "module /boot/blob.bin: not an ELF module; pass a raw file with \`file PATH\`" \
		"$scratch/mkimage.log"
fi
mkimage "$scratch/rawmodule.img" --config "$scratch/rawmodule.cfg" $file_args --no-check &&
	fails_with "a raw file given as a module is refused, saying how to pass it" \
		"$scratch/rawmodule.img" \
		"^ghostboot: error: module /boot/blob.bin: not an ELF module; pass a raw file with \`file PATH\`"

finish
