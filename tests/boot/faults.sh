# Stage 2 on the oldest CPUs it supports, its fault path (a CPU exception
# is reported once, a fault while reporting one halts with one line), and
# stage 1 failing to read stage 2 wherever install put it.
. tests/lib.sh

image=$scratch/demo.img
quietly $GHOSTBOOT mkimage -o "$image" --size 32M --fs fat16 --kernel "$BUILD/kernel/kernel.elf" \
	$module_args --cmdline selftest || not_ok "mkimage for the CPU tests"

# Stage 2 is built for a 486: no instruction of a later CPU (cmov is what
# gcc emits first for i686) may appear in its code.
cmovs=$(objdump -d "$BUILD/stage2/stage2.elf" | grep -c '	cmov')
check "stage 2 has no instruction newer than the 486 (cmov: $cmovs)" [ "$cmovs" -eq 0 ]

# old_cpu NAME OPTIONS...: stage 2 runs as far as choosing the entry and
# names the 64-bit mode the native entry needs, with no exception at all.
old_cpu() {
	name=$1
	shift
	$GHOSTBOOT test "$image" --timeout 30 --log "$scratch/cpu.log" "$@" >/dev/null 2>&1
	if grep -q 'CPU exception' "$scratch/cpu.log"; then
		not_ok "$name: $(grep -c 'CPU exception' "$scratch/cpu.log") exception reports"
	elif ! grep -qF 'ghostboot: error: this CPU has no 64-bit mode; entry default needs one' \
		"$scratch/cpu.log"; then
		not_ok "$name: $(tail -n 3 "$scratch/cpu.log")"
	else
		ok "$name"
	fi
}
old_cpu "stage 2 runs on a 486" --cpu 486
old_cpu "stage 2 runs on a Pentium" --cpu pentium
old_cpu "stage 2 runs on an ISA PC" --machine isapc

# A fault inside the fault report: gdb stops stage 2 in its menu, turns the
# first bytes of console_write into ud2 and jumps there. The first #UD is
# reported through console_write, which faults again: one line, then a halt.
port=$((20000 + $$ % 20000))
symbol() { echo "0x$(nm "$BUILD/stage2/stage2.elf" | awk -v name="$1" '$3 == name { print $1 }')"; }
menu=$(symbol menu_choose)
write=$(symbol console_write)
timeout 60 $GHOSTBOOT run "$image" --gdb=$port >"$scratch/nested.log" 2>&1 &
runner=$!
attached=no
for _ in 1 2 3 4 5 6 7 8 9 10; do
	sleep 0.5
	if gdb -batch -nx -ex "target remote localhost:$port" -ex "hbreak *$menu" -ex continue \
		-ex "set {unsigned short}$write = 0x0b0f" -ex "set \$pc = $write" \
		-ex detach >"$scratch/gdb.log" 2>&1 && grep -q detached "$scratch/gdb.log"; then
		attached=yes
		break
	fi
done
sleep 3
kill $runner 2>/dev/null
wait $runner 2>/dev/null
lines=$(grep -c 'a CPU exception while reporting one; halted' "$scratch/nested.log")
exceptions=$(grep -c 'CPU exception' "$scratch/nested.log")
if [ "$attached" != yes ]; then
	not_ok "a fault while reporting a fault: gdb could not attach: $(tail -n 3 "$scratch/gdb.log")"
elif [ "$lines" -ne 1 ] || [ "$exceptions" -ne 1 ]; then
	not_ok "a fault while reporting a fault halts with one line ($lines nested, $exceptions in all): $(tail -n 3 "$scratch/nested.log")"
else
	ok "a fault while reporting a fault halts with one line"
fi
# Stage 1 stops on COM1 too, and `ghostboot test` names it at once. The
# first extent of stage 2 in the MBR's patch area (offset 0x198 + 8) is
# pointed past the end of the disk (a read error), then one sector off (no
# stage 2 header there).
# stage1_stops NAME IMAGE PATCH_OFFSET LBA_BYTES TEXT: LBA_BYTES in printf's
# octal escapes, little-endian.
stage1_stops() {
	name=$1 damaged=$scratch/stage1.img patch=$3 lba=$4 text=$5
	cp "$2" "$damaged"
	printf "$lba" | dd of="$damaged" bs=1 seek=$((patch + 8)) conv=notrunc 2>/dev/null
	out=$($GHOSTBOOT test "$damaged" --timeout 60 --log "$scratch/stage1.log" 2>&1)
	if ! grep -qF "$text" "$scratch/stage1.log"; then
		not_ok "$name: COM1 lacks '$text': $(head -c 200 "$scratch/stage1.log")"
	elif ! echo "$out" | grep -qF "test failed: stage 1 stopped: $text"; then
		not_ok "$name: $out"
	else
		ok "$name"
	fi
}
stage1_stops "stage 1 reports a read error on COM1" "$image" $((0x198)) \
	'\377\377\377\177\0\0\0\0' "ghostboot: disk read error"
stage1_stops "stage 1 reports a missing stage 2 on COM1" "$image" $((0x198)) \
	'\2\0\0\0\0\0\0\0' "ghostboot: no stage 2"
floppy=$scratch/floppy.img
quietly $GHOSTBOOT mkimage -o "$floppy" --size 1440K --fs fat12 --table none \
	--kernel "$BUILD/kernel/kernel.elf" --cmdline selftest || not_ok "mkimage for the floppy"
stage1_stops "the volume boot record reports a read error on COM1" "$floppy" $((0x1de)) \
	'\240\206\1\0\0\0\0\0' "ghostboot: disk read error"
# A bad sector in stage 2, wherever install put it: stage 1 retries, then
# names the failure on COM1 at once; a sector that fails once boots.
for spec in "mbr fat32 the gap after the MBR" "gpt ext4 a BIOS boot partition" \
	"none fat16 FAT reserved sectors" "none ext2 a file"; do
	set -- $spec
	table=$1 fs=$2
	shift 2
	where=$*
	img=$scratch/stage2-$table-$fs.img
	quietly $GHOSTBOOT mkimage -o "$img" --size 48M --table "$table" --fs "$fs" \
		--kernel "$BUILD/kernel/kernel.elf" --cmdline selftest ||
		not_ok "mkimage --table $table --fs $fs"
	# Installed again, install says where stage 2 lies: "... at LBA N".
	lba=$($GHOSTBOOT install "$img" 2>&1 | sed -n 's/^stage 2: .* at LBA \([0-9]*\).*/\1/p')
	if [ -z "$lba" ]; then
		not_ok "stage 2 in $where: install did not say where stage 2 is"
		continue
	fi
	bad=$((lba + 20))
	start=$(date +%s)
	blkdebug_boot "$img" $bad
	if grep -q 'ghostboot: disk read error' "$scratch/serial.log"; then
		ok "a bad stage 2 sector in $where (LBA $bad): stage 1 says so on COM1 in $(($(date +%s) - start)) s"
	else
		not_ok "a bad stage 2 sector in $where (LBA $bad): $(tail -c 200 "$scratch/serial.log")"
	fi
	blkdebug_boot "$img" $bad once
	check "  ... and one that fails once boots" grep -q 'SELFTEST PASS' "$scratch/serial.log"
done
finish
