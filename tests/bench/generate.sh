#!/bin/sh
# Generates the synthetic module set `make bench` links (tests/build.mk):
#   generate.sh DIR MODULES IMPORTS EXPORTS
# DIR/mNNNN.o   MODULES modules in assembly, each importing IMPORTS distinct
#               symbols of sym_00000..sym_<EXPORTS-1> and referring to each
#               with a call (R_X86_64_PLT32) and a pointer in .data
#               (R_X86_64_64), every other one also with a RIP-relative lea
#               (R_X86_64_PC32) and every fourth with an absolute move
#               (R_X86_64_32S); a struct gb_module_info declares it.
# DIR/exports.ld  the exports as symbol assignments, for GNU ld
# DIR/kernel_exports.o  the exports as functions (one `ret`) with a
#               .gbexports entry each, to link into a kernel for stage 2
# DIR/modules.list  the object files, one a line
# Nothing is regenerated when DIR/params says the same numbers and this
# script has not changed.
set -eu
dir=$1 modules=$2 imports=$3 exports=$4
CC=${CC:-gcc}
params="$modules $imports $exports $(cksum <"$0")"
if [ -f "$dir/params" ] && [ "$(cat "$dir/params")" = "$params" ]; then
	exit 0
fi
if [ "$imports" -gt "$exports" ]; then
	echo "generate.sh: more imports ($imports) than exports ($exports)" >&2
	exit 1
fi
rm -rf "$dir"
mkdir -p "$dir"

# Module m imports sym_((m * 37 + j * stride) mod EXPORTS) for j < IMPORTS:
# distinct within a module (stride * IMPORTS <= EXPORTS), spread over the
# whole table across modules.
awk -v dir="$dir" -v modules="$modules" -v imports="$imports" -v exports="$exports" '
BEGIN {
	stride = int(exports / imports)
	for (m = 0; m < modules; m++) {
		name = sprintf("m%04d", m)
		file = sprintf("%s/%s.s", dir, name)
		print "\t.text" > file
		print "init:" > file
		for (j = 0; j < imports; j++) {
			s = sprintf("sym_%05d", (m * 37 + j * stride) % exports)
			print "\tcall " s > file
			if (j % 2 == 0)
				print "\tleaq " s "(%rip), %rax" > file
			if (j % 4 == 0)
				print "\tmovq $" s ", %rax" > file
		}
		print "\txorl %eax, %eax\n\tret" > file
		print "\t.data\n\t.balign 8\npointers:" > file
		for (j = 0; j < imports; j++)
			printf "\t.quad sym_%05d\n", (m * 37 + j * stride) % exports > file
		# struct gb_module_info (include/ghostboot/module.h)
		print "\t.section .gbmodinfo, \"a\", @progbits\n\t.balign 8" > file
		print "\t.long 0x494d4247, 1" > file
		printf "\t.ascii \"%s\"\n\t.fill %d, 1, 0\n", name, 32 - length(name) > file
		print "\t.quad init, 0" > file
		print "\t.section .note.GNU-stack, \"\", @progbits" > file
		close(file)
		print dir "/" name ".o" > (dir "/modules.list")
	}
	for (i = 0; i < exports; i++)
		printf "sym_%05d = 0x%x;\n", i, 0xffffffff80100000 + i * 16 > (dir "/exports.ld")
	# struct gb_export (include/ghostboot/export.h): name, address, version.
	file = dir "/kernel_exports.s"
	print "\t.text" > file
	for (i = 0; i < exports; i++)
		printf "sym_%05d:\n", i > file
	print "\tret\n\t.section .rodata.export_names, \"a\", @progbits" > file
	for (i = 0; i < exports; i++)
		printf "name_%05d:\t.asciz \"sym_%05d\"\n", i, i > file
	print "\t.section .gbexports, \"a\", @progbits\n\t.balign 8" > file
	for (i = 0; i < exports; i++)
		printf "\t.quad name_%05d, sym_%05d\n\t.long 0, 0\n", i, i > file
	print "\t.section .note.GNU-stack, \"\", @progbits" > file
}'
# Assembled on every CPU.
{ sed 's/\.o$/.s/' "$dir/modules.list"; echo "$dir/kernel_exports.s"; } |
	xargs -P "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" -n 16 sh -c '
		for source; do "$0" -c "$source" -o "${source%.s}.o" || exit 255; done' "$CC"
rm -f "$dir"/*.s
echo "$params" >"$dir/params"
