# Stage 2 on the oldest CPUs it supports, and its fault path: a CPU exception
# is reported once, and a fault while reporting one halts with one line.
. tests/lib.sh

image=$scratch/demo.img
quietly $GHOSTBOOT mkimage -o "$image" --size 32M --fs fat16 --kernel "$BUILD/kernel/kernel.elf" \
	$module_args --cmdline selftest || not_ok "mkimage for the CPU tests"

# Stage 2 is built for a 486: no instruction of a later CPU (cmov is what
# gcc emits first for i686) may appear in its code.
cmovs=$(objdump -d "$BUILD/stage2/stage2.elf" | grep -c '	cmov')
check "stage 2 has no instruction newer than the 486 (cmov: $cmovs)" [ "$cmovs" -eq 0 ]

# old_cpu NAME OPTIONS...: stage 2 runs as far as choosing the entry, and the
# boot ends in a single report, never a storm of exception lines.
old_cpu() {
	name=$1
	shift
	$GHOSTBOOT test "$image" --timeout 30 --log "$scratch/cpu.log" "$@" >/dev/null 2>&1
	exceptions=$(grep -c 'CPU exception' "$scratch/cpu.log")
	if ! grep -q 'ghostboot: booting default' "$scratch/cpu.log"; then
		not_ok "$name: stage 2 did not reach the entry: $(tail -n 3 "$scratch/cpu.log")"
	elif [ "$exceptions" -gt 1 ]; then
		not_ok "$name: $exceptions exception reports"
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
finish
