; Boot sectors that end a boot in each way `ghostboot test` must tell apart,
; one for each convention a kernel may follow to report its result.
; Assembled once per behaviour with -DBEHAVIOUR=n (tests/build.mk).
;   1 pass: prints SELFTEST PASS, writes 0x10 to port 0xf4
;   2 fail: prints SELFTEST FAIL: on purpose, writes 0x11
;   3 reset through the keyboard controller
;   4 hang: halts forever without a word
;   5 triple fault: an empty IDT, then an exception
;   6 exit code only: writes 0x10 without a word
;   7 text only: prints its own line, then halts forever
;   8 text, then an ACPI power-off
;   9 a panic line, then halts forever
;  10 a wrong exit code: writes 0x22
;  11 the exit code on another port: 0x10 to port 0x501
bits 16
org 0x7c00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00
%if BEHAVIOUR == 1
	mov si, pass
	call print
	mov al, 0x10
	out 0xf4, al
%elif BEHAVIOUR == 2
	mov si, fail
	call print
	mov al, 0x11
	out 0xf4, al
%elif BEHAVIOUR == 3
	mov al, 0xfe
	out 0x64, al
%elif BEHAVIOUR == 5
	lidt [empty_idt]
	int3
%elif BEHAVIOUR == 6
	mov al, 0x10
	out 0xf4, al
%elif BEHAVIOUR == 7
	mov si, own
	call print
%elif BEHAVIOUR == 8
	mov si, own
	call print
	; PM1a control of QEMU's ACPI (pc and q35): SLP_TYP 0, SLP_EN.
	mov dx, 0x604
	mov ax, 0x2000
	out dx, ax
%elif BEHAVIOUR == 9
	mov si, panic
	call print
%elif BEHAVIOUR == 10
	mov al, 0x22
	out 0xf4, al
%elif BEHAVIOUR == 11
	mov dx, 0x501
	mov al, 0x10
	out dx, al
%endif
halt:
	cli
	hlt
	jmp halt

; Writes the NUL-terminated string at SI to COM1.
print:
	mov dx, 0x3f8
.next:
	lodsb
	test al, al
	jz .done
	out dx, al
	jmp .next
.done:
	ret

empty_idt: dw 0
	dd 0
pass: db "SELFTEST PASS", 13, 10, 0
fail: db "SELFTEST FAIL: on purpose", 13, 10, 0
own: db "booting", 13, 10, "my kernel: all tests passed", 13, 10, 0
panic: db "booting", 13, 10, "my kernel: panic: on purpose", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xaa55
