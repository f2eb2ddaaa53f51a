; ghostboot stage 2: the mode switches (docs/stage2.md).
;
; Stage 1 jumps to 0000:8000 with the boot drive in DL. This file holds the
; stage 2 header (include/ghostboot/bootcode.h), the way into 32-bit
; protected mode, the thunk through which C calls the BIOS in real mode, and
; the last step into long mode and the kernel. Everything else is C.

bits 16

CODE32 equ 0x08
DATA32 equ 0x10
CODE16 equ 0x18
DATA16 equ 0x20
CODE64 equ 0x28
REAL_MODE_STACK equ 0x7c00          ; below stage 1, which is no longer needed
LINUX_CS equ 0x10                   ; __BOOT_CS and __BOOT_DS of the Linux boot protocol
LINUX_DS equ 0x18
BOOT_SECTOR equ 0x7c00
PARTITION_ENTRY equ 0x7be           ; where an MBR relocated to 0x600 keeps its table

extern stage2_main, stage2_fault

; Every data segment register to the flat 32-bit data segment, through
; the 16-bit register given.
%macro load_flat_data_segments 1
	mov %1, DATA32
	mov ds, %1
	mov es, %1
	mov fs, %1
	mov gs, %1
	mov ss, %1
%endmacro
extern _image_size, _bss_start, _bss_end, _stack_top

section .header progbits alloc exec
global stage2_start
stage2_start:
	jmp short real_start
	nop
	nop
	dd 0x32534247                   ; "GBS2"
	dw 1                            ; header version
	dw 32                           ; header size
	dd _image_size
global stage2_boot_partition
stage2_boot_partition: db 0xff      ; patched by `ghostboot install`
	db 0, 0, 0
	dd 0
global stage2_partition_lba
stage2_partition_lba: dq 0

real_start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, REAL_MODE_STACK
	cld
	mov [boot_drive], dl
	lgdt [gdt_descriptor]
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp CODE32:protected_start

bits 32
protected_start:
	load_flat_data_segments ax
	mov esp, _stack_top
	mov edi, _bss_start
	mov ecx, _bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	call build_idt
	lidt [idt_descriptor]
	movzx eax, byte [boot_drive]
	push eax
	call stage2_main                ; never returns
.halt:
	cli
	hlt
	jmp .halt

; From 32-bit protected mode to real mode, for the BIOS thunk and for a
; chainload: through a 16-bit segment, so that every segment cache gets
; real-mode limits, then PE off; segments 0, the stack at REAL_MODE_STACK
; and the BIOS's interrupt vectors. Continues in 16-bit code.
%macro to_real_mode 0
	jmp CODE16:%%in_16bit_protected
bits 16
%%in_16bit_protected:
	mov ax, DATA16
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, cr0
	and eax, ~1
	mov cr0, eax
	jmp 0:%%in_real_mode
%%in_real_mode:
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, REAL_MODE_STACK
	lidt [real_mode_idt]
%endmacro

; void bios_call(uint8_t vector, struct bios_regs *regs)
; Drops to real mode, loads `regs`, runs `int vector` with interrupts on,
; stores the registers and flags back, and returns in protected mode.
; The layout of struct bios_regs in stage2/bios.h mirrors bios_regs here.
global bios_call
bios_call:
	pushad
	mov al, [esp + 36]
	mov [.vector], al
	mov esi, [esp + 40]
	mov edi, bios_regs
	mov ecx, BIOS_REGS_SIZE
	rep movsb
	mov [saved_esp], esp
	to_real_mode
	mov ax, [bios_regs.es]
	mov es, ax
	push word [bios_regs.ds]
	mov eax, [bios_regs.eax]
	mov ebx, [bios_regs.ebx]
	mov ecx, [bios_regs.ecx]
	mov edx, [bios_regs.edx]
	mov esi, [bios_regs.esi]
	mov edi, [bios_regs.edi]
	mov ebp, [bios_regs.ebp]
	pop ds
	sti
	db 0xcd                         ; int imm8
.vector: db 0
	cli
	pushfd
	push ds
	push word 0
	pop ds
	mov [bios_regs.eax], eax
	mov [bios_regs.ebx], ebx
	mov [bios_regs.ecx], ecx
	mov [bios_regs.edx], edx
	mov [bios_regs.esi], esi
	mov [bios_regs.edi], edi
	mov [bios_regs.ebp], ebp
	mov [bios_regs.es], es
	pop word [bios_regs.ds]
	pop dword [bios_regs.eflags]
	lgdt [gdt_descriptor]
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp dword CODE32:.back_in_32bit

bits 32
.back_in_32bit:
	load_flat_data_segments ax
	mov esp, [saved_esp]
	lidt [idt_descriptor]
	mov esi, bios_regs
	mov edi, [esp + 40]
	mov ecx, BIOS_REGS_SIZE
	rep movsb
	popad
	ret

; A fault in stage 2 must not reset the machine silently: every CPU
; exception lands in stage2_fault(vector, error code, eip), which reports it.
; Exceptions 8, 10-14 and 17 push an error code; the others get a zero.
%macro exception_stub 1
exception_%1:
%if %1 != 8 && (%1 < 10 || %1 > 14) && %1 != 17
	push 0
%endif
	push %1
	jmp exception_common
%endmacro
%assign vector 0
%rep 32
	exception_stub vector
%assign vector vector + 1
%endrep

; A fault while a fault is being reported (the report itself faults, or runs
; out of stack) must not recurse into a storm: the second one writes a
; single line to COM1 with nothing but port I/O, and halts.
exception_common:
	cmp byte [faulting], 0
	jne .nested
	mov byte [faulting], 1
	call stage2_fault               ; (vector, error code, eip): never returns
.nested:
	mov esi, nested_fault_message
.next_byte:
	lodsb
	test al, al
	jz .halt
	mov ah, al
	mov dx, 0x3fd                   ; COM1 line status
	mov ecx, 100000                 ; bounded: a machine may have no COM1
.wait:
	in al, dx
	test al, 0x20                   ; transmitter holding register empty
	jnz .send
	loop .wait
.send:
	mov al, ah
	mov dx, 0x3f8
	out dx, al
	jmp .next_byte
.halt:
	cli
	hlt
	jmp .halt

; Fills the 32 interrupt gates from the stub addresses in exception_stubs.
build_idt:
	mov esi, exception_stubs
	mov edi, idt
	mov ecx, 32
.gate:
	lodsd
	mov [edi], ax                   ; offset 15..0
	mov word [edi + 2], CODE32
	mov word [edi + 4], 0x8e00      ; present, ring 0, 32-bit interrupt gate
	shr eax, 16
	mov [edi + 6], ax               ; offset 31..16
	add edi, 8
	loop .gate
	ret

; void enter_long_mode(uint32_t pml4, uint64_t *entry_and_info)
; entry_and_info[0]: the kernel's entry point, [1]: boot info, [2]: stack top.
; Turns on PAE, long mode and paging, and jumps to the kernel; no return.
global enter_long_mode
enter_long_mode:
	mov esi, [esp + 8]              ; cpuid below clobbers eax..edx
	mov eax, [esp + 4]
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov eax, 0x80000001             ; no-execute, when the CPU has it
	cpuid
	mov edi, edx                    ; rdmsr overwrites edx
	mov ecx, 0xc0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; long mode enable
	test edi, 1 << 20
	jz .no_nx
	or eax, 1 << 11
.no_nx:
	wrmsr
	mov eax, cr0
	or eax, 1 << 31 | 1 << 16       ; paging, and write protection at CPL 0
	mov cr0, eax
	jmp CODE64:.in_long_mode

bits 64
.in_long_mode:
	mov ax, DATA32
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, esi                    ; the array lives below 1 MiB
	mov rdi, [rax + 8]
	mov rsp, [rax + 16]
	mov rax, [rax]
	xor ebp, ebp
	push rbp                        ; a zero return address ends backtraces
	jmp rax

; void enter_linux32(uint32_t entry, uint32_t boot_params)
; The 32-bit Linux boot protocol (docs/linux.md): flat segments from a GDT
; whose 0x10 and 0x18 are code and data, interrupts off, ESI the zero page,
; EBP, EDI and EBX zero, at the protected-mode kernel's first byte.
bits 32
global enter_linux32
enter_linux32:
	cli
	mov eax, [esp + 4]
	mov esi, [esp + 8]
	lgdt [linux_gdt_descriptor]
	jmp LINUX_CS:.flat
.flat:
	mov cx, LINUX_DS
	mov ds, cx
	mov es, cx
	mov fs, cx
	mov gs, cx
	mov ss, cx
	xor ebx, ebx
	xor ebp, ebp
	xor edi, edi
	jmp eax

; void chainload_enter(uint32_t drive, const void *sector, const void *entry)
; The last step of a chainload (docs/linux.md): copies the 512-byte boot
; sector to 0000:7C00 and the 16-byte partition entry to 0000:07BE, neither
; of which stage 2 occupies, returns to real mode as a BIOS leaves it
; (segments 0, the BIOS's interrupt vectors, a stack below 7C00, interrupts
; on) and jumps to 0000:7C00 with DL the drive and DS:SI the entry.
global chainload_enter
chainload_enter:
	cli
	mov ebx, [esp + 4]
	mov esi, [esp + 8]
	mov edi, BOOT_SECTOR
	mov ecx, 512 / 4
	rep movsd
	mov esi, [esp + 12]
	mov edi, PARTITION_ENTRY
	mov ecx, 16 / 4
	rep movsd
	to_real_mode
	mov edx, ebx
	mov esi, PARTITION_ENTRY
	xor eax, eax
	xor ebx, ebx
	xor ecx, ecx
	xor edi, edi
	xor ebp, ebp
	sti
	jmp 0:BOOT_SECTOR
; void enter_multiboot(uint32_t magic, uint32_t info, uint32_t entry)
; The machine state both Multiboot specifications give: 32-bit protected
; mode, paging off, flat 4 GiB segments, A20 on (since stage 2 started),
; interrupts off, EFLAGS.VM clear, EAX = magic, EBX = info. No return.
bits 32
global enter_multiboot
enter_multiboot:
	cli
	mov eax, [esp + 4]
	mov ebx, [esp + 8]
	mov ecx, [esp + 12]
	load_flat_data_segments dx
	push dword 2                    ; EFLAGS: only the reserved bit 1
	popfd
	push dword CODE32
	push ecx
	retf

section .note.GNU-stack noalloc noexec nowrite progbits

section .data16 progbits alloc write
boot_drive: db 0
faulting: db 0                      ; set once the first exception is reported
nested_fault_message:
	db 13, 10, "ghostboot: error: a CPU exception while reporting one; halted", 13, 10, 0
saved_esp: dd 0
real_mode_idt:
	dw 0x3ff
	dd 0

; Mirrors struct bios_regs (stage2/bios.h).
bios_regs:
.eax: dd 0
.ebx: dd 0
.ecx: dd 0
.edx: dd 0
.esi: dd 0
.edi: dd 0
.ebp: dd 0
.eflags: dd 0
.ds: dw 0
.es: dw 0
BIOS_REGS_SIZE equ $ - bios_regs

exception_stubs:
%assign vector 0
%rep 32
	dd exception_ %+ vector
%assign vector vector + 1
%endrep

idt_descriptor:
	dw 32 * 8 - 1
	dd idt

align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff           ; 0x08: 32-bit code, flat
	dq 0x00cf92000000ffff           ; 0x10: 32-bit data, flat
	dq 0x00009a000000ffff           ; 0x18: 16-bit code, base 0
	dq 0x000092000000ffff           ; 0x20: 16-bit data, base 0
	dq 0x00af9a000000ffff           ; 0x28: 64-bit code
gdt_descriptor:
	dw gdt_descriptor - gdt - 1
	dd gdt

; The layout the Linux boot protocol requires: 0x10 code, 0x18 data.
align 8
linux_gdt:
	dq 0
	dq 0
	dq 0x00cf9a000000ffff           ; __BOOT_CS: 32-bit code, flat
	dq 0x00cf92000000ffff           ; __BOOT_DS: 32-bit data, flat
linux_gdt_descriptor:
	dw linux_gdt_descriptor - linux_gdt - 1
	dd linux_gdt

section .bss
alignb 8
idt: resb 32 * 8
