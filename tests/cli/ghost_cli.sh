#!/bin/sh
# ghostboot inspect and link on the host, without QEMU. What inspect lists
# is compared with what independent tools read from the same files (nm's
# symbol tables); what link writes must satisfy readelf and still inspect
# as the kernel it came from. test_linked_kernel compares link's bytes with
# ghost's own.
. tests/lib.sh

KERNEL=$BUILD/kernel/kernel.elf
FIXTURES=$BUILD/tests/ghost/fixtures
CC=${CC:-gcc}
# The flags modules are built with (docs/ghost.md, "What a module may contain").
MODULE_CFLAGS="-std=c11 -Iinclude -ffreestanding -fno-stack-protector -mcmodel=kernel -fno-pic
	-fno-pie -mno-red-zone -fno-common -fno-asynchronous-unwind-tables -mno-sse -O2"

# expect_failure NAME COMMAND...: exits 1 with "ghostboot: error:" lines.
expect_failure() {
	name=$1
	shift
	"$@" >"$scratch/out" 2>"$scratch/err"
	status=$?
	if [ "$status" -ne 1 ]; then
		not_ok "$name: exit status $status, not 1"
	elif ! grep -q '^ghostboot: error: ' "$scratch/err"; then
		not_ok "$name: no 'ghostboot: error:' line: $(head -c 300 "$scratch/err")"
	else
		ok "$name"
	fi
}

# err_has LINE: the last command's stderr has exactly this line.
err_has() {
	if grep -qxF -- "$1" "$scratch/err"; then ok "  ... says: $1"; else not_ok "  ... says: $1"; fi
}

# same_lines NAME FILE1 FILE2: equal once sorted; shows the difference.
same_lines() {
	sort "$2" >"$scratch/a"
	sort "$3" >"$scratch/b"
	if [ -s "$scratch/a" ] && cmp -s "$scratch/a" "$scratch/b"; then
		ok "$1"
	else
		not_ok "$1: $(diff "$scratch/a" "$scratch/b" | head -5 | tr '\n' ' ')"
	fi
}

for command in inspect link; do
	if "$GHOSTBOOT" $command --help >"$scratch/out" 2>&1 && grep -q "^usage: ghostboot $command" "$scratch/out"; then
		ok "$command --help exits 0 with usage"
	else
		not_ok "$command --help"
	fi
done

# --- inspect: a kernel --------------------------------------------------
# GB_EXPORT(fn) defines gb_export_fn (include/ghostboot/export.h): the
# symbol table names every export, and nm gives each function's address.
"$GHOSTBOOT" inspect "$KERNEL" >"$scratch/kernel.txt"
check "inspect of the kernel exits 0" test $? -eq 0
sed -n 's/^  export \([^ ]*\) at 0x\([0-9a-f]*\).*/\1 \2/p' "$scratch/kernel.txt" >"$scratch/inspect"
nm "$KERNEL" | sed -n 's/.* gb_export_//p' | while read -r name; do
	printf '%s %s\n' "$name" "$(nm "$KERNEL" | awk -v n="$name" '$3 == n { print $1 }' | sed 's/^0*//')"
done >"$scratch/nm"
same_lines "inspect lists the kernel's exports and addresses as nm does" "$scratch/inspect" "$scratch/nm"
count=$(wc -l <"$scratch/nm")
check "  ... and says how many ($count)" grep -q "^$KERNEL: kernel, $count exports\$" "$scratch/kernel.txt"

# --- inspect: modules ---------------------------------------------------
for module in $MODULES $BUILD/tests/modules/undefined.gbm $FIXTURES/weak.o $FIXTURES/user_v5.o; do
	name=$(basename "$module")
	if ! "$GHOSTBOOT" inspect "$module" >"$scratch/module.txt" 2>"$scratch/err"; then
		not_ok "inspect $name: $(head -c 300 "$scratch/err")"
		continue
	fi
	sed -n 's/^  import \([^ ]*\).*/\1/p' "$scratch/module.txt" >"$scratch/inspect"
	nm -u "$module" | awk '{ print $2 }' >"$scratch/nm"
	same_lines "inspect $name lists the undefined symbols nm -u does" "$scratch/inspect" "$scratch/nm"
	sed -n 's/^  import \([^ ]*\).* weak$/\1/p' "$scratch/module.txt" >"$scratch/inspect"
	nm -u "$module" | awk '$1 == "w" { print $2 }' >"$scratch/nm"
	if [ -s "$scratch/nm" ]; then
		same_lines "  ... marks the weak ones nm marks w" "$scratch/inspect" "$scratch/nm"
	fi
	sed -n 's/^  export \([^ ]*\) .*/\1/p' "$scratch/module.txt" >"$scratch/inspect"
	nm "$module" | sed -n 's/.* gb_export_//p' >"$scratch/nm"
	if [ -s "$scratch/nm" ]; then
		same_lines "  ... and its exports as its symbol table does" "$scratch/inspect" "$scratch/nm"
	fi
	# The name field of struct gb_module_info, at offset 8 of .gbmodinfo.
	declared=$(sed -n '1s/^[^ ]*: module \([^,]*\),.*/\1/p' "$scratch/module.txt")
	objcopy -O binary --only-section=.gbmodinfo "$module" "$scratch/modinfo"
	expected=$(dd if="$scratch/modinfo" bs=1 skip=8 count=32 status=none | tr -d '\000')
	check "  ... and the name it declares ($declared)" test "$declared" = "$expected"
done
"$GHOSTBOOT" inspect "$FIXTURES/user_v5.o" >"$scratch/module.txt"
check "inspect gives the versions a module states for its imports" \
	sh -c "grep -qx '  import kprintf version 1' '$scratch/module.txt' && grep -qx '  import api_fn version 5' '$scratch/module.txt'"
"$GHOSTBOOT" inspect "$BUILD/modules/checksum.gbm" >"$scratch/module.txt"
check "inspect gives an export's version" grep -q '^  export crc32 at +0x[0-9a-f]* version 1$' "$scratch/module.txt"

expect_failure "inspect of a file that is not ELF" "$GHOSTBOOT" inspect tests/lib.sh
err_has "ghostboot: error: tests/lib.sh: neither a kernel (an ELF64 executable, a Multiboot kernel or a Linux bzImage) nor a module (an ELF relocatable object)"
expect_failure "inspect of a missing file" "$GHOSTBOOT" inspect "$scratch/missing.gbm"
head -c 200 "$BUILD/modules/hello.gbm" >"$scratch/truncated.gbm"
expect_failure "inspect of a truncated module" "$GHOSTBOOT" inspect "$scratch/truncated.gbm"
err_has "ghostboot: error: module truncated: section header table beyond the end of the file at 0x$(od -An -tx8 -j40 -N8 "$BUILD/modules/hello.gbm" | tr -d ' ' | sed 's/^0*//')"
expect_failure "inspect describes the other files, then fails for a bad one" \
	"$GHOSTBOOT" inspect "$BUILD/modules/console.gbm" tests/lib.sh "$BUILD/modules/hello.gbm"
check "  ... having described both modules" sh -c "grep -c ': module ' '$scratch/out' | grep -qx 2"

# --- inspect --kernel: would the modules link? ----------------------------
check "inspect --kernel passes for the sample modules" \
	quietly "$GHOSTBOOT" inspect --kernel "$KERNEL" $MODULES
"$GHOSTBOOT" inspect --kernel "$KERNEL" $MODULES >"$scratch/out"
check "  ... and gives their init order" grep -q 'init order: console checksum hello$' "$scratch/out"

# A module importing two functions nobody exports: both are named, and so
# is the undefined symbol of a second module, one line each.
cat >"$scratch/twomissing.c" <<'SOURCE'
#include <ghostboot/module.h>
int missing_one(void);
int missing_two(int);
extern int kprintf(const char *fmt, ...);
static int twomissing_init(void) { kprintf("x"); return missing_one() + missing_two(2); }
GB_MODULE("twomissing", twomissing_init, 0);
SOURCE
# shellcheck disable=SC2086
$CC $MODULE_CFLAGS -c "$scratch/twomissing.c" -o "$scratch/twomissing.gbm"
expect_failure "inspect --kernel fails for a module importing two unknown functions" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$BUILD/modules/console.gbm" "$scratch/twomissing.gbm" \
	"$BUILD/tests/modules/undefined.gbm"
err_has "ghostboot: error: module twomissing: undefined symbol missing_one"
err_has "ghostboot: error: module twomissing: undefined symbol missing_two"
err_has "ghostboot: error: module undefined: undefined symbol kstrnlen"
check "  ... and nothing else" sh -c "test \$(wc -l <'$scratch/err') -eq 3"
check "  ... and nothing on stdout" test ! -s "$scratch/out"

expect_failure "inspect --kernel: a module without the modules it imports from" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$BUILD/modules/hello.gbm"
err_has "ghostboot: error: module hello: undefined symbol crc32"
err_has "ghostboot: error: module hello: undefined symbol con_log"
expect_failure "inspect --kernel: a version mismatch with a module" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$FIXTURES/provider.o" "$FIXTURES/user_v4.o"
err_has "ghostboot: error: module user_v4: built against version 4 of api_fn, but provider exports version 5"
expect_failure "inspect --kernel: a version mismatch with the kernel" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$FIXTURES/provider.o" "$FIXTURES/user_v5.o"
err_has "ghostboot: error: module user_v5: built against version 1 of kprintf, but kernel exports version 0"
expect_failure "inspect --kernel: one export twice" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$BUILD/modules/checksum.gbm" "$BUILD/modules/checksum.gbm"
err_has "ghostboot: error: module checksum: duplicate export crc32, already exported by checksum"
expect_failure "inspect --kernel: modules importing from each other in a cycle" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$FIXTURES/ring_a.o" "$FIXTURES/ring_b.o"
err_has "ghostboot: error: module ring_a: modules import from each other in a cycle: ring_a -> ring_b -> ring_a"
expect_failure "inspect --kernel: the kernel is not an executable" \
	"$GHOSTBOOT" inspect --kernel "$BUILD/modules/console.gbm" "$BUILD/modules/console.gbm"
err_has "ghostboot: error: kernel $BUILD/modules/console.gbm: not an executable: ELF type 1"

# --- link -----------------------------------------------------------------
linked=$scratch/linked.elf
if "$GHOSTBOOT" link --kernel "$KERNEL" $MODULES -o "$linked" >"$scratch/out" 2>"$scratch/err"; then
	not_ok "link without --module in front of each module should be refused"
else
	ok "link takes modules only with --module"
fi
link_args=""
for module in $MODULES; do link_args="$link_args --module $module"; done
# shellcheck disable=SC2086
check "link links the sample modules into the kernel" \
	quietly "$GHOSTBOOT" link --kernel "$KERNEL" $link_args -o "$linked"
check "  ... readelf reads it without a complaint" \
	sh -c "readelf -lSW '$linked' >'$scratch/readelf' 2>'$scratch/err' && test ! -s '$scratch/err'"
kernel_loads=$(readelf -lW "$KERNEL" | grep -c '^ *LOAD ')
linked_loads=$(grep -c '^ *LOAD ' "$scratch/readelf")
check "  ... with one to three segments more per module ($kernel_loads, now $linked_loads)" \
	test "$linked_loads" -ge $((kernel_loads + 3)) -a "$linked_loads" -le $((kernel_loads + 9))
awk '$1 == "LOAD"' "$scratch/readelf" | tail -n +$((kernel_loads + 1)) >"$scratch/new_loads"
check "  ... each read-execute, read-only or read-write, page-aligned" \
	sh -c "! grep -vE ' (R E|R|RW) +0x1000\$' '$scratch/new_loads'"
table_size=$(printf '%x' $((8 + 3 * (96 + 56))))
check "  ... and a section .gbprelinked of 3 entries and their isolation" \
	grep -qE "\] \.gbprelinked +PROGBITS +0+ [0-9a-f]+ 0*$table_size " "$scratch/readelf"
check "  ... that objdump reads too" sh -c "objdump -h '$linked' | grep -q ' \.gbprelinked '"
"$GHOSTBOOT" inspect "$KERNEL" >"$scratch/before"
"$GHOSTBOOT" inspect "$linked" >"$scratch/after"
sed -n 's/^  export //p' "$scratch/before" >"$scratch/a1"
sed -n 's/^  export //p' "$scratch/after" >"$scratch/b1"
same_lines "inspect of the linked kernel lists the kernel's exports" "$scratch/a1" "$scratch/b1"
sed -n 's/^  linked-in module \([^ ]*\) .*/\1/p' "$scratch/after" | tr '\n' ' ' >"$scratch/names"
check "  ... and the modules linked in, in init order" grep -qx 'console checksum hello ' "$scratch/names"

# Modules loaded at boot see the exports of the modules linked in, as stage 2
# offers them: hello imports from console and checksum, linked in.
drivers=$scratch/drivers.elf
check "a kernel with console and checksum linked in" \
	quietly "$GHOSTBOOT" link --kernel "$KERNEL" --module "$BUILD/modules/console.gbm" \
	--module "$BUILD/modules/checksum.gbm" -o "$drivers"
check "  ... links hello against their exports" \
	quietly "$GHOSTBOOT" inspect --kernel "$drivers" "$BUILD/modules/hello.gbm"
expect_failure "  ... but the plain kernel does not" \
	"$GHOSTBOOT" inspect --kernel "$KERNEL" "$BUILD/modules/hello.gbm"
err_has "ghostboot: error: module hello: undefined symbol con_log"

# Failures leave nothing behind: no output, no temporary file.
mkdir "$scratch/out_dir"
expect_failure "link refuses a module with an undefined symbol" \
	"$GHOSTBOOT" link --kernel "$KERNEL" --module "$BUILD/modules/console.gbm" \
	--module "$scratch/twomissing.gbm" -o "$scratch/out_dir/k.elf"
err_has "ghostboot: error: module twomissing: undefined symbol missing_one"
err_has "ghostboot: error: module twomissing: undefined symbol missing_two"
check "  ... and writes nothing" sh -c "test -z \"\$(ls -A '$scratch/out_dir')\""
cp "$KERNEL" "$scratch/out_dir/k.elf"
expect_failure "link onto an existing file, failing" \
	"$GHOSTBOOT" link --kernel "$KERNEL" --module "$BUILD/tests/modules/undefined.gbm" \
	-o "$scratch/out_dir/k.elf"
check "  ... leaves it as it was" cmp -s "$KERNEL" "$scratch/out_dir/k.elf"
check "  ... and no temporary file" sh -c "test \$(ls -A '$scratch/out_dir' | wc -l) -eq 1"
expect_failure "link refuses a kernel that already has modules linked in" \
	"$GHOSTBOOT" link --kernel "$linked" --module "$BUILD/tests/modules/fault.gbm" -o "$scratch/twice.elf"
check "  ... and says why" grep -q 'already has modules linked in' "$scratch/err"
expect_failure "link refuses a module file as the kernel" \
	"$GHOSTBOOT" link --kernel "$BUILD/modules/console.gbm" --module "$BUILD/modules/console.gbm" -o "$scratch/x.elf"
expect_failure "link refuses two modules of one name" \
	"$GHOSTBOOT" link --kernel "$KERNEL" --module "$BUILD/modules/console.gbm" \
	--module "$BUILD/modules/console.gbm" -o "$scratch/x.elf"

many=""
i=0
while [ $i -lt 65 ]; do many="$many --module $BUILD/modules/console.gbm"; i=$((i + 1)); done
# shellcheck disable=SC2086
"$GHOSTBOOT" link --kernel "$KERNEL" $many -o "$scratch/x.elf" >"$scratch/out" 2>"$scratch/err"
check "link refuses more than 64 modules (exit status 2)" test $? -eq 2
err_has "ghostboot: error: at most 64 modules can be linked into a kernel, not 65 (see 'ghostboot link --help')"
"$GHOSTBOOT" link --module "$BUILD/modules/console.gbm" -o "$scratch/x.elf" >"$scratch/out" 2>"$scratch/err"
check "link without --kernel is a usage error" test $? -eq 2
"$GHOSTBOOT" inspect >"$scratch/out" 2>"$scratch/err"
check "inspect without a file is a usage error" test $? -eq 2

# --- link --isolated (docs/isolation.md) ---------------------------------
# The isolation fixtures: a kernel exporting gb_isolated_call and gated
# functions, and modules built by gcc and clang. What link writes is read
# back with readelf and Python's struct, not with ghostboot's own reader.
ISO=$BUILD/tests/ghost/isolation
ISO_KERNEL=$BUILD/tests/ghost/iso_kernel.elf
"$GHOSTBOOT" link --kernel "$ISO_KERNEL" --module "$ISO/gcc/iso_hello.o" \
	--module "$ISO/clang/iso_caller.o" --isolated -o "$scratch/iso.elf" >"$scratch/out" 2>"$scratch/err"
check "link --isolated exits 0" test $? -eq 0
check "  ... says the modules are isolated, in init order" grep -q \
	"^ghostboot: linked 2 isolated modules into $scratch/iso.elf, in init order: iso_hello at 0x[0-9a-f]*, iso_caller at" \
	"$scratch/out"
readelf -lW "$scratch/iso.elf" |
	awk '$1 == "LOAD" { f = ""; for (i = 7; i < NF; i++) f = f $i; print $3, $6, f }' >"$scratch/loads"
readelf -SW "$scratch/iso.elf" |
	awk '{ for (i = 1; i < NF; i++) if ($i == ".gbprelinked") print $(i + 3), $(i + 4) }' \
	>"$scratch/section"
# Each isolated module: its entry flagged, its user part (text R E, rodata
# R, data RW) from its address, the trampolines R E and the gate table R
# after it, the stack below the data and above the read-only pages, gates
# as many as it imports distinct functions.
python3 - "$scratch/iso.elf" "$scratch/loads" "$scratch/section" >"$scratch/verdict" <<'PY'
import struct, sys
elf = open(sys.argv[1], "rb").read()
loads = [(int(v, 16), int(m, 16), f) for v, m, f in (l.split() for l in open(sys.argv[2]))]
offset, size = (int(x, 16) for x in open(sys.argv[3]).read().split())
table = elf[offset:offset + size]
magic, count = struct.unpack_from("<II", table)
problems = [] if magic == 0x4b4c5047 and count == 2 and size == 8 + count * (96 + 56) else ["table size"]
def load_at(address):
    return [l for l in loads if l[0] == address]
for i in range(count):
    name = table[8 + 96 * i:8 + 96 * i + 32].split(b"\0")[0].decode()
    virt, phys, image, init, exit_, exports, nexp, flags = struct.unpack_from("<QQQQQQII", table, 8 + 96 * i + 32)
    user_start, user_size, stack_top, heap, stubs, gates, gate_count = struct.unpack_from("<QQQQQQI", table, 8 + 96 * count + 56 * i)
    user_end = user_start + user_size
    user = sorted(l for l in loads if virt <= l[0] < user_end)
    if flags != 1: problems.append(name + ": not flagged isolated")
    if user_start != virt or [l[2] for l in user] != ["RE", "R", "RW"] or user[-1][0] + user[-1][1] != user_end:
        problems.append(name + ": user part %r" % user)
        continue
    if load_at(user_end) != [(user_end, 0x1000, "RE")] or not (user_end <= init < user_end + 0x1000):
        problems.append(name + ": trampolines")
    if load_at(gates) != [(gates, 0x1000, "R")] or gates <= user_end:
        problems.append(name + ": gate table")
    if not (user[1][0] + user[1][1] <= stack_top - 0x4000 and stack_top <= heap < user_end):
        problems.append(name + ": stack and heap")
    if gate_count != 2 or not (user[0][0] <= stubs < user[0][0] + user[0][1]):
        problems.append(name + ": %d gates, stubs at %x" % (gate_count, stubs))
print("; ".join(problems) or "ok")
PY
check "  ... its segments and .gbprelinked hold each module isolated: $(cat "$scratch/verdict")" \
	test "$(cat "$scratch/verdict")" = ok
"$GHOSTBOOT" inspect "$scratch/iso.elf" >"$scratch/out" 2>"$scratch/err"
check "  ... inspect shows each linked-in module's isolation" test \
	"$(grep -c '^    isolated: user 0x[0-9a-f]*-0x[0-9a-f]*, stack top 0x[0-9a-f]*, heap 0x[0-9a-f]*, 2 gates at 0x[0-9a-f]*, stubs at 0x' "$scratch/out")" -eq 2
"$GHOSTBOOT" link --kernel "$ISO_KERNEL" --module "$ISO/gcc/iso_hello.o" \
	--module "$ISO/clang/iso_caller.o" -o "$scratch/direct.elf" >"$scratch/out" 2>"$scratch/err"
check "link without --isolated exits 0" test $? -eq 0
"$GHOSTBOOT" inspect "$scratch/direct.elf" >"$scratch/out" 2>"$scratch/err"
check "  ... links the same modules direct: inspect shows no isolation" \
	test "$(grep -c 'isolated:' "$scratch/out")" -eq 0 -a "$(grep -c 'linked-in module' "$scratch/out")" -eq 2
expect_failure "link --isolated refuses a module importing vkprintf" \
	"$GHOSTBOOT" link --kernel "$ISO_KERNEL" --module "$ISO/gcc/iso_ungated.o" --isolated \
	-o "$scratch/ungated.elf"
err_has "ghostboot: error: module iso_ungated: imports vkprintf, which declares no gate: an isolated module cannot call it"
check "  ... and writes nothing" test ! -e "$scratch/ungated.elf"

finish
