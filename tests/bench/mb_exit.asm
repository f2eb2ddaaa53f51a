; The benchmark's kernel (tests/bench/compare.sh): a Multiboot 1 kernel that
; every loader compared can boot with a module, and that ends the boot at
; once by writing 0x10 to port 0xf4 (QEMU's isa-debug-exit). What is timed
; is the loader: reading the module and starting the kernel.
bits 32
MAGIC equ 0x1badb002
FLAGS equ 0                           ; ELF: the loaders take its program headers

section .text
align 4
	dd MAGIC, FLAGS, -(MAGIC + FLAGS)
global _start
_start:
	mov al, 0x10
	out 0xf4, al
	hlt
	jmp _start
