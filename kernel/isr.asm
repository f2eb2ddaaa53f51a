; Entry stubs for the 32 CPU exceptions: each pushes a uniform frame
; (struct exception_frame in exceptions.h) and calls exception_handler. Should it
; return (a module's fault, recovered), the frame as it left it is resumed.
; The gate of isolated modules enters the same way (gate_entry).
bits 64
default rel

extern exception_handler
extern gate_handler
global isr_stubs
global gate_entry

GB_GATE_VECTOR equ 0x80         ; include/ghostboot/isolation.h

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

; The general registers, in struct exception_frame's order.
%macro save_registers 0
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
%endmacro

%macro restore_registers 0
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
%endmacro

isr_common:
	save_registers
	; 22 words on a stack the CPU aligned to 16: still aligned for the call.
	mov rdi, rsp
	cld
	call exception_handler
	restore_registers
	add rsp, 16             ; vector and error code
	iretq

; The gate isolated modules and programs raise (GB_GATE_VECTOR, DPL 3): the
; same frame, handed to gate_handler, which returns the call's result in the
; frame's RAX, or rewrites the frame to leave ring 3 for good.
gate_entry:
	push qword 0
	push qword GB_GATE_VECTOR
	save_registers
	mov rdi, rsp
	cld
	call gate_handler
	restore_registers
	add rsp, 16
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
