; The Multiboot header and entry of the test kernels (tests/boot/multiboot.sh).
; One source, assembled once per variant: MB1 or MB2 picks the header;
; AOUT adds the Multiboot 1 address fields; the rest damage the header in
; one way each, for the bad-input tests.
bits 32

extern kernel_main, _load_start, _load_end, _bss_end
global _start, expected_magic

%ifndef EXTRA_FLAGS
%define EXTRA_FLAGS 0
%endif

section .multiboot progbits alloc noexec nowrite align=8
header:
%ifdef MB1
%ifdef AOUT
AOUT_FLAG equ 0x10000
%else
AOUT_FLAG equ 0
%endif
MB1_FLAGS equ 0x3 | EXTRA_FLAGS | AOUT_FLAG
	dd 0x1badb002
	dd MB1_FLAGS
%ifdef BAD_CHECKSUM
	dd -(0x1badb002 + MB1_FLAGS) + 1
%else
	dd -(0x1badb002 + MB1_FLAGS)
%endif
%ifdef AOUT
	dd header                       ; header_addr
	dd _load_start                  ; load_addr
%ifdef BAD_LOAD_END
	dd _load_end + 0x100000         ; past the end of the file
%else
	dd _load_end                    ; load_end_addr
%endif
	dd _bss_end                     ; bss_end_addr
	dd _start                       ; entry_addr
%endif
%endif

%ifdef MB2
	dd 0xe85250d6
	dd 0
	dd header_end - header
%ifdef BAD_CHECKSUM
	dd -(0xe85250d6 + (header_end - header)) + 1
%else
	dd -(0xe85250d6 + (header_end - header))
%endif
	align 8
	; information request: what the test kernel checks, all required
	dw 1, 0
	dd request_end - $ + 4
	dd 1, 2, 3, 4, 5, 6, 9, 14
%ifdef REQUEST
	dd REQUEST
%endif
request_end:
	align 8
%ifdef CONSOLE_REQUIRED
	dw 4, 0                         ; console flags: a console, not EGA text
	dd 12
	dd 1
%else
	dw 4, 1                         ; console flags, optional: EGA text is fine
	dd 12
	dd 2
%endif
	align 8
	dw 6, 0                         ; module alignment
	dd 8
%ifdef EXTRA_TAG
	align 8
	dw EXTRA_TAG, 0                 ; a required tag the loader must refuse
	dd 8
%endif
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
	call kernel_main
.halt:
	cli
	hlt
	jmp .halt

section .rodata
expected_magic:
%ifdef MB1
	dd 0x2badb002
%else
	dd 0x36d76289
%endif

section .bss
alignb 16
	resb 16384
stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
