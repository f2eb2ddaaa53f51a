; A native (ELF64) kernel that only ends the boot: 0x10 on QEMU's exit
; port. tests/boot/uefi.sh links it, and tests/bench/mb_exit.asm, its
; Multiboot 1 twin, at an address where OVMF keeps boot-services data,
; which the UEFI loader must stage: they run only if their bytes were moved
; into place after boot services ended.
bits 64
global _start
section .text
_start:
	mov al, 0x10
	out 0xf4, al
.halt:
	hlt
	jmp .halt
