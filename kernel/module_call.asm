; The way into module code (module_call.c): saves what the System V ABI
; says a function must preserve, and where it returns to, so that a fault in
; the module can resume here as if the call had returned.
bits 64
default rel

global module_call_enter

section .text

; uint64_t module_call_enter(uint64_t fn, struct module_call_context *context)
; Fills context (offsets as in module_call.c) and calls fn.
module_call_enter:
	mov [rsi + 0], rbx
	mov [rsi + 8], rbp
	mov [rsi + 16], r12
	mov [rsi + 24], r13
	mov [rsi + 32], r14
	mov [rsi + 40], r15
	mov rax, [rsp]          ; where we return to
	mov [rsi + 48], rax
	lea rax, [rsp + 8]      ; the stack pointer once we have returned
	mov [rsi + 56], rax
	pushfq
	pop qword [rsi + 64]
	sub rsp, 8              ; the call needs RSP 16-byte aligned again
	call rdi
	add rsp, 8
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
