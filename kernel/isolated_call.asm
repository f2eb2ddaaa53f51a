; The ways between ring 0 and ring 3 (isolated_call.c, docs/isolation.md).
bits 64
default rel

extern isolated_call
global gb_isolated_call:function
global ring3_enter:function

GDT_USER_DATA equ 0x18          ; gdt.h
GDT_USER_CODE equ 0x20
RPL_USER equ 3
RFLAGS_RESERVED equ 0x2         ; and nothing else: interrupts stay off

section .text

; Where every entry trampoline jumps (GB_ISOLATION_ENTRY_SYMBOL): RAX holds
; the isolated function, RDI, RSI, RDX, RCX, R8 and R9 its arguments.
; uint64_t isolated_call(uint64_t function, uint64_t args[6]) does the rest.
gb_isolated_call:
	push r9
	push r8
	push rcx
	push rdx
	push rsi
	push rdi
	mov rsi, rsp
	mov rdi, rax
	sub rsp, 8              ; 16-byte aligned for the call
	call isolated_call
	add rsp, 56
	ret

; uint64_t ring3_enter(struct ring3_context *context, const struct ring3_entry *entry,
;                      void *ring0_stack_slot)
; Saves what the System V ABI says a callee preserves, where it returns to,
; its stack pointer after return and RFLAGS into context (offsets as in
; isolated_call.c), points the TSS's RSP0 just below, and enters ring 3.
; It "returns" when a gate or a fault rewrites a frame with context.
ring3_enter:
	mov [rdi + 0], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	mov rax, [rsp]
	mov [rdi + 48], rax
	lea rax, [rsp + 8]
	mov [rdi + 56], rax
	pushfq
	pop qword [rdi + 64]
	mov [rdx], rsp          ; ring 3's gates and faults land below this
	push GDT_USER_DATA | RPL_USER
	push qword [rsi + 8]    ; RSP
	push RFLAGS_RESERVED
	push GDT_USER_CODE | RPL_USER
	push qword [rsi + 0]    ; RIP
	mov rdi, [rsi + 16]
	mov rdx, [rsi + 32]
	mov rcx, [rsi + 40]
	mov r8, [rsi + 48]
	mov r9, [rsi + 56]
	mov rsi, [rsi + 24]
	; nothing of the kernel's reaches ring 3 in the other registers
	xor eax, eax
	xor ebx, ebx
	xor ebp, ebp
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	iretq

section .note.GNU-stack noalloc noexec nowrite progbits
