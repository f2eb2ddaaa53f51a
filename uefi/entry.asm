; The UEFI loader's last step (docs/uefi.md): the firmware left the CPU in
; long mode on its own page tables and GDT, both in memory the kernel gets
; as usable; this switches to the loader's GDT (stage 2's selectors) and the
; kernel's page tables and jumps to the kernel as stage 2 does.

bits 64
default rel

CODE64 equ 0x28
DATA equ 0x10

section .text

; void enter_long_mode(uint32_t pml4, const uint64_t *entry_info_stack)
; Microsoft ABI: ecx the PML4, rdx [0] the entry, [1] boot info, [2] stack top.
global enter_long_mode
enter_long_mode:
	cli
	mov r8, rdx
	mov r9d, ecx
	mov ecx, 0x80000001             ; no-execute, when the CPU has it
	mov eax, ecx
	cpuid
	test edx, 1 << 20
	jz .no_nx
	mov ecx, 0xc0000080             ; EFER: the page tables use NX bits
	rdmsr
	or eax, 1 << 11
	wrmsr
.no_nx:
	lgdt [gdt_descriptor]
	mov rax, cr0
	or eax, 1 << 16                 ; write protection at CPL 0
	mov cr0, rax
	mov cr3, r9                     ; the identity map covers this code
	push CODE64
	lea rax, [.reloaded]
	push rax
	retfq
.reloaded:
	mov ax, DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rdi, [r8 + 8]
	mov rsp, [r8 + 16]
	mov rax, [r8]
	xor ebp, ebp
	push rbp                        ; a zero return address ends backtraces
	jmp rax

section .data

align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff           ; 0x08: 32-bit code, flat
	dq 0x00cf92000000ffff           ; 0x10: data, flat
	dq 0x00009a000000ffff           ; 0x18: 16-bit code, base 0
	dq 0x000092000000ffff           ; 0x20: 16-bit data, base 0
	dq 0x00af9a000000ffff           ; 0x28: 64-bit code
gdt_descriptor:
	dw gdt_descriptor - gdt - 1
	dq gdt
