; The UEFI loader's last step (docs/uefi.md): the firmware left the CPU in
; long mode on its own page tables and GDT, both in memory the kernel gets
; as usable, and may have loaded this file above 4 GiB, where the kernel's
; tables map nothing. So the switch runs from a copy in a page of loader
; code below 4 GiB (uefi_low_page): the loader's GDT (stage 2's selectors),
; then either the kernel's page tables and stack and the jump, as stage 2
; does, or, for a Multiboot kernel, the way down to 32-bit protected mode
; without paging.

bits 64
default rel

STAGE_TABLE equ 2048                    ; UEFI_STAGE_TABLE_OFFSET (uefi/uefi.h)
CODE32 equ 0x08
CODE64 equ 0x28
DATA equ 0x10

section .text

; void enter_long_mode(uint32_t pml4, const uint64_t *entry_info_stack)
; Microsoft ABI: ecx the PML4, rdx [0] the entry, [1] boot info, [2] stack top.
global enter_long_mode
extern uefi_low_page
enter_long_mode:
	cli
	mov r8, [rdx]                   ; read now: this file may not stay mapped
	mov r9, [rdx + 8]
	mov r10, [rdx + 16]
	mov r11d, ecx
	mov eax, 0x80000001             ; no-execute, when the CPU has it
	cpuid
	test edx, 1 << 20
	jz .no_nx
	mov ecx, 0xc0000080             ; EFER: the page tables use NX bits
	rdmsr
	or eax, 1 << 11
	wrmsr
.no_nx:
	mov rax, cr0
	or eax, 1 << 16                 ; write protection at CPL 0
	mov cr0, rax
	call copy_trampoline
	jmp rax

; void enter_multiboot(uint32_t magic, uint32_t info, uint32_t entry)
; Microsoft ABI: ecx the magic, edx the information, r8d the entry; boot
; services have ended.
global enter_multiboot
enter_multiboot:
	cli
	mov esi, ecx                    ; 32-bit registers survive the switch
	mov ebx, edx
	mov edi, r8d
	call copy_trampoline
	add rax, multiboot_trampoline - trampoline
	jmp rax

; Copies the trampolines and their GDT to uefi_low_page; rax its address.
; Keeps rbx, rsi, rdi and r8-r11.
copy_trampoline:
	push rsi
	push rdi
	mov rdi, [uefi_low_page]
	lea rsi, [trampoline]
	mov ecx, trampoline_end - trampoline
	cld
	rep movsb
	pop rdi
	pop rsi
	mov rax, [uefi_low_page]
	ret

; Position-independent: runs from the copy, below 4 GiB.
trampoline:
	mov rsp, r10                    ; the kernel's stack, below 4 GiB
	lea rax, [gdt]                  ; the copy's GDT
	sub rsp, 16
	mov word [rsp], gdt_end - gdt - 1
	mov [rsp + 2], rax
	lgdt [rsp]
	add rsp, 16
	mov cr3, r11
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
	; Staged kernel ranges into place, now that nothing of the firmware's
	; (its page tables, stack, GDT) is in use.
	lea rbx, [trampoline + STAGE_TABLE]
	mov rdx, [rbx]
	add rbx, 8
.stage:
	test rdx, rdx
	jz .staged
	mov rdi, [rbx]
	mov rsi, [rbx + 8]
	mov rcx, [rbx + 16]
	cld
	rep movsb
	add rbx, 24
	dec rdx
	jmp .stage
.staged:
	mov rdi, r9
	xor ebp, ebp
	push rbp                        ; a zero return address ends backtraces
	jmp r8

; Multiboot's state: the loader's GDT, 32-bit flat segments, paging and
; long mode off, EAX the magic, EBX the information, interrupts off.
multiboot_trampoline:
	lea rbp, [trampoline + STAGE_TABLE] ; below 4 GiB: EBP holds it
	lea rax, [gdt]
	sub rsp, 16
	mov word [rsp], gdt_end - gdt - 1
	mov [rsp + 2], rax
	lgdt [rsp]
	add rsp, 16
	push CODE32
	lea rax, [.compatibility]
	push rax
	retfq
bits 32
.compatibility:
	mov ax, DATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, cr0
	and eax, ~(1 << 31)             ; paging off: the CPU leaves long mode
	mov cr0, eax
	mov ecx, 0xc0000080             ; EFER.LME off
	rdmsr
	and eax, ~(1 << 8)
	wrmsr
	; Staged kernel ranges into place, paging off: no stack from here, so
	; ESP keeps the entry and EDX the magic.
	mov edx, esi
	mov esp, edi
	mov eax, [ebp]
	add ebp, 8
.stage:
	test eax, eax
	jz .staged
	mov edi, [ebp]
	mov esi, [ebp + 8]
	mov ecx, [ebp + 16]
	cld
	rep movsb
	add ebp, 24
	dec eax
	jmp .stage
.staged:
	mov edi, esp
	mov eax, edx
	jmp edi
bits 64

align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff           ; 0x08: 32-bit code, flat
	dq 0x00cf92000000ffff           ; 0x10: data, flat
	dq 0x00009a000000ffff           ; 0x18: 16-bit code, base 0
	dq 0x000092000000ffff           ; 0x20: 16-bit data, base 0
	dq 0x00af9a000000ffff           ; 0x28: 64-bit code
gdt_end:
trampoline_end:
%if trampoline_end - trampoline > STAGE_TABLE
%error "the trampolines run into the stage table of the low page"
%endif
