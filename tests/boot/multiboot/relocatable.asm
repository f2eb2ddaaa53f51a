; A relocatable Multiboot 2 test kernel (tests/boot/multiboot.sh): a flat
; file loaded by its address tag, linked at 1 MiB but allowing any 1 MiB
; boundary from 2 MiB up and preferring the highest. It finds where it
; runs, checks the load base address tag says the same and that the loader
; honoured the range, alignment and preference, and reports on port 0xf4.
bits 32
org 0x100000

MIN equ 0x200000
ALIGN_TO equ 0x100000

header:
	dd 0xe85250d6, 0, header_end - header, -(0xe85250d6 + (header_end - header))
	align 8, db 0
	dw 2, 0                         ; address
	dd 24, header, header, file_end, 0
	align 8, db 0
	dw 3, 0                         ; entry address
	dd 12, start
	align 8, db 0
	dw 10, 0                        ; relocatable: 2 MiB and up, 1 MiB aligned, highest
	dd 24, MIN, 0xffffffff, ALIGN_TO, 2
	align 8, db 0
	dw 1, 0                         ; information request: the load base
	dd 12, 21
	align 8, db 0
	dw 0, 0
	dd 8
header_end:

start:
	call .here
.here:
	pop ebp
	sub ebp, .here - header         ; where the image really lies
	cmp eax, 0x36d76289
	jne fail_magic
	test ebp, ALIGN_TO - 1
	jnz fail_align
	cmp ebp, 0x1000000              ; highest: far above 16 MiB in 256 MiB
	jb fail_high
	mov esi, ebx
	add esi, 8
.tag:
	mov eax, [esi]
	test eax, eax
	jz fail_missing
	cmp eax, 21
	je .found
	mov eax, [esi + 4]
	add eax, 7
	and eax, ~7
	add esi, eax
	jmp .tag
.found:
	cmp [esi + 8], ebp
	jne fail_base
	lea esi, [ebp + pass_text - header]
	call print
	mov al, 0x10
	out 0xf4, al
	jmp halt

%macro failure 2
%1:
	lea esi, [ebp + %%text - header]
	call print
	mov al, 0x11
	out 0xf4, al
	jmp halt
%%text: db "reloctest: FAIL: ", %2, 10, 0
%endmacro
failure fail_magic, "magic in EAX"
failure fail_align, "load base not aligned"
failure fail_high, "load base not the highest"
failure fail_missing, "no load base address tag"
failure fail_base, "the load base tag does not say where the image is"

; Writes the string at ESI to COM1.
print:
	mov dx, 0x3fd
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	lodsb
	test al, al
	jz .done
	mov dx, 0x3f8
	out dx, al
	mov dx, 0x3fd
	jmp .wait
.done:
	ret

halt:
	cli
	hlt
	jmp halt

pass_text: db "reloctest: PASS", 10, 0
file_end:
