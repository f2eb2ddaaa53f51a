# ghostboot inspect on Multiboot kernels (docs/multiboot.md): which
# protocols a kernel carries and what each header asks; a wrong header is
# an error naming the file and the problem.
. tests/lib.sh

MB=$BUILD/tests/multiboot

# says NAME FILE TEXT...: inspect exits 0 and prints every TEXT as a line.
says() {
	name=$1 file=$2
	shift 2
	if ! $GHOSTBOOT inspect "$file" >"$scratch/out" 2>"$scratch/err"; then
		not_ok "$name: $(cat "$scratch/err")"
		return
	fi
	for line in "$@"; do
		if ! grep -qxF -- "$line" "$scratch/out"; then
			not_ok "$name: no line '$line' in: $(tr '\n' '|' <"$scratch/out")"
			return
		fi
	done
	ok "$name"
}

says "a Multiboot 1 ELF kernel" "$MB/mb1.kernel" \
	"$MB/mb1.kernel: multiboot1, header at 0x1000, flags 0x3" "  modules page-aligned" \
	"  memory information"
check "  ... carries no other protocol" test "$(grep -c "^$MB/mb1.kernel: " "$scratch/out")" -eq 1
says "a Multiboot 1 kernel with address fields" "$MB/mb1-aout.kernel" \
	"$MB/mb1-aout.kernel: multiboot1, header at 0x0, flags 0x10003"
grep -q "^  address fields: header 0x100000, load 0x100000-0x1[0-9a-f]*, bss end 0x1[0-9a-f]*$" \
	"$scratch/out" && ok "  ... and its address fields" || not_ok "  ... address fields: $(cat "$scratch/out")"
says "a Multiboot 2 kernel and its requests" "$MB/mb2.kernel" \
	"$MB/mb2.kernel: multiboot2, header at 0x1000, 88 bytes" \
	"  requests: command line, boot loader name, modules, basic memory, BIOS boot device, memory map, ELF sections, ACPI old RSDP" \
	"  console flags 0x2 (optional)" "  modules page-aligned"
says "a relocatable Multiboot 2 kernel with address and entry tags" "$MB/relocatable.kernel" \
	"$MB/relocatable.kernel: multiboot2, header at 0x0, 104 bytes" "  requests: load base address" \
	"  relocatable within 0x200000-0xffffffff, align 0x100000, preference highest"
says "the sample kernel carries the ghostboot protocol" "$BUILD/kernel/kernel.elf" \
	"$BUILD/kernel/kernel.elf: ghostboot, ELF64 x86-64"

# Wrong headers: an error and exit 1.
for spec in "mb1-badsum:multiboot1 header: bad checksum" \
	"mb1-flag5:multiboot1 header: requires a feature this loader does not know: flag bit 5" \
	"mb1-badend:multiboot1 header: load_end_addr lies past the end of the file" \
	"mb2-tag12:multiboot2 header: unknown required tag 12" \
	"mb2-efi:multiboot2 header: requires EFI, which a BIOS boot does not have: tag 7"; do
	kernel=${spec%%:*} text=${spec#*:}
	expect_error "inspect refuses $kernel" $GHOSTBOOT inspect "$MB/$kernel.kernel" &&
		{ err_says "$MB/$kernel.kernel: $text" ||
			not_ok "  ... $kernel: no '$text' in: $(cat "$scratch/err")"; }
done

printf 'no kernel at all\n' >"$scratch/text"
expect_error "a file with neither ELF nor Multiboot is refused" $GHOSTBOOT inspect "$scratch/text"

finish
