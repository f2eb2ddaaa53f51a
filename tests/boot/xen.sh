# A Multiboot kernel written for GRUB, booted unchanged: Debian's Xen
# hypervisor (scripts/install-deps.sh installs it), from the configuration
# docs/multiboot.md shows. Its serial log must show that it got what a
# Multiboot 2 loader hands over: the loader name, the command line, where
# its relocatable image went, the memory map (512 MiB), and the dom0 module,
# which it reads and rejects (the test kernel is no Xen guest).
. tests/lib.sh

XEN=/boot/xen-4.17-amd64.gz
if ! [ -f "$XEN" ]; then
	not_ok "Xen: $XEN is missing (make deps installs xen-hypervisor-4.17-amd64)"
	finish
	exit
fi
gunzip -c "$XEN" >"$scratch/xen"

for protocol in multiboot2 multiboot1; do
	cat >"$scratch/xen.cfg" <<CFG
timeout 0
entry xen "Xen hypervisor"
    protocol $protocol
    kernel /boot/xen
    cmdline xen console=com1 com1=115200,8n1
    module /boot/dom0 -- dom0 console=hvc0
CFG
	if $GHOSTBOOT mkimage -o "$scratch/xen.img" --size 64M --fs fat32 \
		--config "$scratch/xen.cfg" --add "$scratch/xen=/boot/xen" \
		--add "$BUILD/tests/multiboot/mb1.kernel=/boot/dom0" >"$scratch/mkimage.log" 2>&1; then
		# Multiboot 2 only: Xen's header lets the loader relocate it.
		set -- --expect "(XEN) System RAM: 511MB"
		[ $protocol = multiboot2 ] && set -- "$@" --expect "(XEN) Xen image load base address: 0x"
		boots "Xen boots with protocol $protocol and reaches dom0" "$scratch/xen.img" \
			--memory 512M --pass "(XEN) ERROR: Not a Xen-ELF image" \
			--expect "(XEN) Bootloader: ghostboot 0.1" \
			--expect "(XEN) Command line: console=com1 com1=115200,8n1" \
			"$@"
	else
		not_ok "Xen image: $(cat "$scratch/mkimage.log")"
	fi
done

finish
