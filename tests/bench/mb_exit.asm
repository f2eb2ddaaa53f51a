; The benchmark's kernel (tests/bench/compare.sh): a Multiboot 1 kernel that
; every loader compared can boot with a module, and that ends the boot at
; once by writing to port 0xf4 (QEMU's isa-debug-exit): 0x10 when it got
; one module of PAYLOAD_BYTES bytes, 0x11 otherwise, so that a loader that
; drops the module (short of memory, say) does not pass. What is timed is
; the loader: reading the module and starting the kernel.
bits 32
MAGIC equ 0x1badb002
FLAGS equ 0                           ; ELF: the loaders take its program headers
BOOT_MAGIC equ 0x2badb002             ; in EAX from a Multiboot loader
INFO_MODS equ 1 << 3                  ; mods_count and mods_addr are valid

section .text
align 4
	dd MAGIC, FLAGS, -(MAGIC + FLAGS)
global _start
_start:
	mov dl, 0x11
	cmp eax, BOOT_MAGIC
	jne .exit
	test dword [ebx], INFO_MODS
	jz .exit
	cmp dword [ebx + 20], 1               ; mods_count
	jne .exit
	mov esi, [ebx + 24]                   ; mods_addr: mod_start, mod_end
	mov ecx, [esi + 4]
	sub ecx, [esi]
	cmp ecx, PAYLOAD_BYTES
	jne .exit
	mov dl, 0x10
.exit:
	mov al, dl
	out 0xf4, al
	hlt
	jmp .exit
