; The Multiboot header and entry of fbkernel (fbkernel.c): built once with
; -DMB1 and once with -DMB2, each asking for WIDTH x HEIGHT x DEPTH, and
; with -DOPTIONAL for a Multiboot 2 framebuffer tag marked optional.
bits 32

extern fb_main
global _start

section .multiboot progbits alloc
align 8
%ifdef MB1
MB1_FLAGS equ 1 << 1 | 1 << 2         ; memory information, a video mode
header:
	dd 0x1badb002
	dd MB1_FLAGS
	dd -(0x1badb002 + MB1_FLAGS)
	dd 0, 0, 0, 0, 0                ; address fields: unused, the kernel is ELF
	dd 0                            ; mode type: linear graphics
	dd WIDTH, HEIGHT, DEPTH
%else
header:
	dd 0xe85250d6
	dd 0                            ; i386
	dd header_end - header
	dd -(0xe85250d6 + (header_end - header))
	dw 5                            ; framebuffer
%ifdef OPTIONAL
	dw 1
%else
	dw 0
%endif
	dd 20
	dd WIDTH, HEIGHT, DEPTH
	align 8
	dw 0, 0                         ; end
	dd 8
header_end:
%endif

section .text
_start:
	mov esp, stack_top
	push ebx
	push eax
	call fb_main                    ; never returns
.halt:
	cli
	hlt
	jmp .halt

section .bss
align 16
	resb 16384
stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
