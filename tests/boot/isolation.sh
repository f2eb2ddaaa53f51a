# QEMU boot tests (TCG) of isolated modules and programs (docs/isolation.md):
# the sample modules isolated pass the self test, alone and mixed with modules
# in ring 0 calling each other both ways; each test module that breaks
# isolation one way is stopped and named while the others keep working; a
# program runs in ring 3 and exits with its status, also under OVMF through
# the UEFI loader; and the same modules
# linked into the kernel by `ghostboot link`, isolated or not, pass the same
# self test.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
SAMPLES="console checksum hello"
SAMPLES_PASS="selftest: hello_check through hello's exports: 0x1c71ab2a"

# image NAME CONFIG-BODY [FILE=PATH...]: an image whose configuration is one
# entry with the kernel, the sample modules and the files given, made with
# mkimage's $image_options too; its path in $scratch/NAME.img. A failure
# counts as one.
image_options=""
image() {
	name=$1 body=$2
	shift 2
	printf 'entry %s\n    kernel /boot/kernel.elf\n%s\n' "$name" "$body" >"$scratch/$name.cfg"
	add="--add $KERNEL=/boot/kernel.elf"
	for m in $SAMPLES; do add="$add --add $BUILD/modules/$m.gbm=/boot/modules/$m.gbm"; done
	for f in "$@"; do add="$add --add $f"; done
	# shellcheck disable=SC2086
	$GHOSTBOOT mkimage -o "$scratch/$name.img" --size 64M --fs fat32 $image_options \
		--config "$scratch/$name.cfg" $add >"$scratch/$name.mkimage" 2>&1 ||
		{ not_ok "mkimage $name: $(cat "$scratch/$name.mkimage")"; return 1; }
}

# listed_isolated NAME MODULE...: after a boot, each MODULE was listed as
# isolated (the loader did not link it in ring 0 instead), and no other.
listed_isolated() {
	name=$1
	shift
	expected=""
	[ $# -gt 0 ] && expected=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	listed=$(sed -n 's/^  \([a-z_]*\) *isolated: user 0x.*/\1/p' "$scratch/serial.log" | sort |
		tr '\n' ' ')
	if [ "$listed" = "$expected" ]; then
		ok "$name: the kernel lists exactly ${*:-no module} as isolated"
	else
		not_ok "$name: isolated modules listed: '$listed', expected '$expected'"
	fi
}

# samples CMDLINE [WORD-FOR-console WORD-FOR-checksum WORD-FOR-hello]: the
# configuration lines for the sample modules, each with its word.
samples() {
	printf '    cmdline %s\n' "$1"
	printf '    module /boot/modules/console.gbm %s\n' "${2:-}"
	printf '    module /boot/modules/checksum.gbm %s\n' "${3:-}"
	printf '    module /boot/modules/hello.gbm %s\n' "${4:-}"
}

image all "$(samples "selftest expect-modules=3" isolated isolated isolated)" &&
	boots "the sample modules all isolated pass selftest" "$scratch/all.img" \
		--expect "module console: initialised" --expect "module hello: initialised" \
		--expect "$SAMPLES_PASS" &&
	listed_isolated "all isolated" console checksum hello

# The same under a CPU with SMEP and SMAP: ring 0 touches ring 3's pages only
# where it means to.
image all-protected "$(printf '    isolation all\n'; samples "selftest expect-modules=3")" &&
	boots "isolation all, with SMEP and SMAP on, passes selftest" \
		"$scratch/all-protected.img" --cpu max --expect "isolation: SMEP on, SMAP on" \
		--expect "$SAMPLES_PASS" &&
	listed_isolated "isolation all" console checksum hello

# hello in ring 0 calls console isolated; the kernel calls hello directly.
image direct-calls-isolated "$(samples "selftest expect-modules=3" isolated "" "")" &&
	boots "a module in ring 0 calls an isolated one" "$scratch/direct-calls-isolated.img" \
		--expect "[hello] hello from a ghostboot module" --expect "$SAMPLES_PASS" &&
	listed_isolated "console isolated" console

# hello isolated calls console in ring 0 and checksum isolated; the kernel
# calls hello through its trampoline.
image isolated-calls-both "$(samples "selftest expect-modules=3" "" isolated isolated)" &&
	boots "an isolated module calls one in ring 0 and one isolated" \
		"$scratch/isolated-calls-both.img" \
		--expect "[hello] hello from a ghostboot module" --expect "$SAMPLES_PASS" &&
	listed_isolated "checksum and hello isolated" checksum hello

# Each module that breaks isolation, isolated among the isolated samples: it
# is stopped and named, the self test passes with expect-fault=, and every
# sample module still works.
for bad in poke:"module poke faulted at poke+0x" \
	jump:"module jump faulted at 0xffffffff80100000, outside its image" \
	forged:"module forged: gate 999 does not exist" \
	offstub:"module offstub: gate 0 was raised at offstub+0x" \
	kpointer:"(kprintf): argument 1: 0xffffffff80100000, for %s, is not a string of the caller: stopped"; do
	name=${bad%%:*} line=${bad#*:}
	image "$name" "$(printf '    isolation all\n'; samples "selftest expect-modules=4 expect-fault=$name")
    module /boot/modules/$name.gbm" "$BUILD/tests/modules/$name.gbm=/boot/modules/$name.gbm" &&
		boots "$name: stopped and named, the other modules work" "$scratch/$name.img" \
			--expect "$line" --expect "selftest: module $name was disabled by its fault" \
			--expect "$SAMPLES_PASS"
done

# A module in ring 0 that faults while it serves an isolated module's gate
# call is disabled; the gate call returns 0 and the isolated module carries on.
image crashy "$(samples "selftest expect-modules=5 expect-fault=crashy")
    module /boot/modules/crashy.gbm
    module /boot/modules/crashy_user.gbm isolated" \
	"$BUILD/tests/modules/crashy.gbm=/boot/modules/crashy.gbm" \
	"$BUILD/tests/modules/crashy_user.gbm=/boot/modules/crashy_user.gbm" &&
	boots "a fault in ring 0 during a gate call fails the call, not the caller" \
		"$scratch/crashy.img" --expect "in ring 0, during a gate call of module crashy_user" \
		--expect "crashy_user: crashy_fault returned 0, carrying on" \
		--expect "module crashy_user: initialised" --expect "$SAMPLES_PASS"

# SMEP: a module in ring 0 running an isolated caller's function faults, and
# the kernel stops the caller; nothing else is lost.
image smep "$(samples "selftest expect-modules=5 expect-fault=smep_user")
    module /boot/modules/crashy.gbm
    module /boot/modules/smep_user.gbm isolated" \
	"$BUILD/tests/modules/crashy.gbm=/boot/modules/crashy.gbm" \
	"$BUILD/tests/modules/smep_user.gbm=/boot/modules/smep_user.gbm" &&
	boots "with SMEP, ring 0 never runs an isolated module's code" "$scratch/smep.img" \
		--cpu max --expect "in ring 0, during a gate call of module smep_user" \
		--expect "module smep_user: stopped" --expect "module crashy: initialised" \
		--expect "$SAMPLES_PASS"

# Without expect-fault the stopped module fails the self test: the bad
# modules cannot pass by doing nothing.
image unexpected "$(printf '    isolation all\n'; samples "selftest expect-modules=4")
    module /boot/modules/poke.gbm" "$BUILD/tests/modules/poke.gbm=/boot/modules/poke.gbm" &&
	if $GHOSTBOOT test "$scratch/unexpected.img" --timeout 120 \
		--log "$scratch/unexpected.log" >/dev/null 2>&1; then
		not_ok "a stopped module without expect-fault fails selftest: it passed"
	else
		check "a stopped module without expect-fault fails selftest" \
			grep -q "^SELFTEST FAIL: module poke is disabled by a fault" "$scratch/unexpected.log"
	fi

# A program linked by ghost symbols, run in ring 3 after module init.
image program "$(samples "selftest expect-modules=3" isolated "" isolated)
    program /boot/programs/greet.o" "$BUILD/tests/programs/greet.o=/boot/programs/greet.o" &&
	boots "a program runs in ring 3 and exits with its status" "$scratch/program.img" \
		--expect "greet: hello from ring 3, 6 characters" \
		--expect "program greet: exited with 42" --expect "$SAMPLES_PASS"

# The UEFI loader maps isolated modules and programs the same way: under
# OVMF, a module breaking isolation is stopped and a program runs.
image_options="--table gpt"
image uefi "$(printf '    isolation all\n'; samples "selftest expect-modules=4 expect-fault=poke")
    module /boot/modules/poke.gbm
    program /boot/programs/greet.o" "$BUILD/tests/modules/poke.gbm=/boot/modules/poke.gbm" \
	"$BUILD/tests/programs/greet.o=/boot/programs/greet.o" &&
	boots "under OVMF: isolated modules, one stopped, and a program" "$scratch/uefi.img" \
		--firmware uefi --expect "firmware: UEFI" --expect "module poke faulted at poke+0x" \
		--expect "program greet: exited with 42" --expect "$SAMPLES_PASS" &&
	listed_isolated "under OVMF" console checksum hello poke greet
image_options=""

# Drivers in kernel: the same module files linked into the kernel by
# `ghostboot link`, in ring 0 and isolated, pass the same self test.
for mode in direct isolated; do
	flag=""
	[ "$mode" = isolated ] && flag=--isolated
	linked=$scratch/kernel-$mode.elf
	# shellcheck disable=SC2086
	if ! $GHOSTBOOT link $flag --kernel "$KERNEL" $module_args -o "$linked" \
		>"$scratch/link.log" 2>&1; then
		not_ok "ghostboot link${flag:+ $flag}: $(cat "$scratch/link.log")"
	elif ! $GHOSTBOOT mkimage -o "$scratch/linked-$mode.img" --kernel "$linked" \
		--cmdline "selftest expect-modules=$MODULE_COUNT" >"$scratch/mkimage.log" 2>&1; then
		not_ok "mkimage with the $mode linked kernel: $(cat "$scratch/mkimage.log")"
	else
		boots "ghostboot link${flag:+ $flag}: the modules linked into the kernel pass selftest" \
			"$scratch/linked-$mode.img" \
			--expect "$MODULE_COUNT modules linked into the kernel at build time" \
			--expect "$SAMPLES_PASS"
		if [ "$mode" = isolated ]; then
			listed_isolated "ghostboot link --isolated" console checksum hello
		else
			listed_isolated "ghostboot link"
		fi
	fi
done

finish
