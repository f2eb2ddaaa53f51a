; The kernel's first instructions (docs/kernel.md, docs/contract.md "Kernel entry").
; The loader jumps here in long mode, CPL 0, interrupts off, with the first
; 4 GiB identity-mapped, the kernel mapped at its virtual addresses, and the
; physical address of struct gb_bootinfo in RDI. Its stack and GDT are
; trusted for nothing beyond these few instructions.
bits 64
default rel

extern kernel_main
extern __bss_start
extern __bss_end
global _start

KERNEL_STACK_SIZE equ 32768

section .text
_start:
	cli
	cld
	mov r12, rdi            ; the boot info, kept across the bss clearing

	; Clear .bss ourselves: cheap, and it makes no difference whether the
	; loader zeroed the part of the segment beyond the file's bytes.
	mov rdi, __bss_start
	mov rcx, __bss_end
	sub rcx, rdi
	xor eax, eax
	rep stosb

	mov rsp, kernel_stack_top
	xor ebp, ebp            ; the end of every stack trace
	mov rdi, r12
	call kernel_main        ; void kernel_main(uint64_t bootinfo), never returns
.halt:
	cli
	hlt
	jmp .halt

section .bss
alignb 16
kernel_stack:
	resb KERNEL_STACK_SIZE
kernel_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
