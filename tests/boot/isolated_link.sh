# QEMU boots of the loader's side of isolation (docs/isolation.md): the
# configuration's `isolated` and `isolation` reach stage 2, which links as
# they say, and refuses, naming the module, what isolation cannot give;
# mkimage's check refuses it first, in the same words.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
# A module built by gcc that imports vkprintf, which declares no gate, and
# a program importing kmalloc, which is not offered to programs.
UNGATED=$BUILD/tests/ghost/isolation/gcc/iso_ungated.o
GREEDY=$BUILD/tests/ghost/isolation/gcc/iso_program_kmalloc.o
SAMPLES="console checksum hello"

add_files="--add $KERNEL=/boot/kernel.elf --add $UNGATED=/boot/modules/iso_ungated.gbm"
add_files="$add_files --add $GREEDY=/boot/programs/iso_program_kmalloc.o"
for m in $SAMPLES; do add_files="$add_files --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done

# config NAME SAMPLE-WORDS ISOLATION-LINE EXTRA-MODULE-LINE: an entry with
# the samples, each followed by SAMPLE-WORDS.
config() {
	cat >"$scratch/$1.cfg" <<CFG
entry $1
    kernel /boot/kernel.elf
    cmdline selftest expect-modules=3
    $3
    module /boot/modules/console.gbm $2
    module /boot/modules/checksum.gbm $2
    module /boot/modules/hello.gbm $2
    $4
CFG
}

# image NAME [mkimage options]: a 64 MiB FAT32 image of $scratch/NAME.cfg.
image() {
	name=$1
	shift
	$GHOSTBOOT mkimage -o "$scratch/$name.img" --size 64M --fs fat32 \
		--config "$scratch/$name.cfg" $add_files "$@" >"$scratch/mkimage.log" 2>&1 ||
		{ not_ok "mkimage $name.img: $(cat "$scratch/mkimage.log")"; return 1; }
}

samples_work() {
	boots "$@" --expect "module console: initialised" --expect "module checksum: initialised" \
		--expect "module hello: initialised" \
		--expect "selftest: hello_check through hello's exports: 0x1c71ab2a"
}

# "Drivers in kernel": `isolation none` links every module direct, whatever
# its line says, so the kernel of today runs them.
config none isolated "isolation none" ""
image none && samples_work "isolation none links modules marked isolated into the kernel" \
	"$scratch/none.img"

refusal="module iso_ungated: imports vkprintf, which declares no gate: an isolated module cannot call it"
config ungated "" "" "module /boot/modules/iso_ungated.gbm isolated"
if $GHOSTBOOT mkimage -o "$scratch/ungated.img" --size 64M --fs fat32 \
	--config "$scratch/ungated.cfg" $add_files >"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage refuses an isolated module importing vkprintf: it wrote the image"
else
	check "mkimage refuses an isolated module importing vkprintf, naming it" \
		grep -qF "entry ungated: module /boot/modules/iso_ungated.gbm: imports vkprintf, which declares no gate: an isolated module cannot call it" \
		"$scratch/mkimage.log"
fi
image ungated --no-check &&
	fails_with "ungated: stage 2 refuses it by name" "$scratch/ungated.img" \
		"^ghostboot: error: $refusal"

# The same module optional: skipped with stage 2's warning, the rest boots.
config skipped "" "" "module /boot/modules/iso_ungated.gbm optional isolated"
image skipped && samples_work "an optional isolated module isolation refuses is skipped" \
	"$scratch/skipped.img" \
	--expect "ghostboot: warning: optional module /boot/modules/iso_ungated.gbm skipped: iso_ungated: imports vkprintf, which declares no gate"

# Programs: loaded, linked by ghost symbols, refused by name when they
# import what is not offered to programs; skipped when optional.
refusal="imports kmalloc, which is not offered to programs"
config greedy "" "" "program /boot/programs/iso_program_kmalloc.o"
if $GHOSTBOOT mkimage -o "$scratch/greedy.img" --size 64M --fs fat32 \
	--config "$scratch/greedy.cfg" $add_files >"$scratch/mkimage.log" 2>&1; then
	not_ok "mkimage refuses a program importing kmalloc: it wrote the image"
else
	check "mkimage refuses a program importing kmalloc, naming it and the symbol" \
		grep -qF "entry greedy: program /boot/programs/iso_program_kmalloc.o: $refusal" \
		"$scratch/mkimage.log"
fi
image greedy --no-check &&
	fails_with "greedy: stage 2 refuses it by name" "$scratch/greedy.img" \
		"^ghostboot: error: program iso_program_kmalloc: $refusal"
config lenient "" "" "program /boot/programs/iso_program_kmalloc.o optional"
image lenient && samples_work "an optional program importing kmalloc is skipped" \
	"$scratch/lenient.img" \
	--expect "ghostboot: warning: optional program /boot/programs/iso_program_kmalloc.o skipped: iso_program_kmalloc: $refusal"

finish
