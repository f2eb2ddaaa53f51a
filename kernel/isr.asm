; Entry stubs for the 32 CPU exceptions: each pushes a uniform frame
; (struct exception_frame in exceptions.h) and calls exception_handler. Should it
; return (a module's fault, recovered), the frame as it left it is resumed.
bits 64
default rel

extern exception_handler
global isr_stubs

section .text

; Vectors with an error code: #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14,
; #AC 17, #CP 21, #VC 29, #SX 30 (Intel SDM vol. 3, table 6-1; AMD for 29, 30).
%assign v 0
%rep 32
isr_%[v]:
%if v == 8 || v == 10 || v == 11 || v == 12 || v == 13 || v == 14 || v == 17 || v == 21 || v == 29 || v == 30
	push qword v
%else
	push qword 0            ; the CPU pushed no error code: make the frame uniform
	push qword v
%endif
	jmp isr_common
%assign v v + 1
%endrep

isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	; 22 words on a stack the CPU aligned to 16: still aligned for the call.
	mov rdi, rsp
	cld
	call exception_handler
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16             ; vector and error code
	iretq

section .rodata
align 8
isr_stubs:
%assign v 0
%rep 32
	dq isr_%[v]
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
