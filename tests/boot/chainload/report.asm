; A boot sector that reports how it was started, for tests/boot/chainload.sh:
; on COM1 the line
;   CHAINLOADED CS=0000 IP=7C00 DS=0000 ES=0000 SS=0000 SP=7C00 IF=1 A20=1 DL=80 ENTRY=80FEFFFF0CFEFFFF00080000...
; (SP as the loader left it; A20 1 when 1 MiB does not wrap to 0; ENTRY the
; 16 bytes at DS:SI), then 0x10 on port 0xf4. With -DNOSIGNATURE it lacks the 0x55AA signature.
bits 16
org 0x7c00
start:
	pushf                           ; IF as the loader left it
	call .here                      ; IP: where this code really runs
.here:
	mov bp, sp
	mov [cs:saved_si], si
	mov [cs:saved_ds], ds
	mov [cs:saved_dx], dx
	mov [cs:saved_es], es
	mov [cs:saved_ss], ss
	lea ax, [bp + 4]                ; SP before the two pushes
	mov [cs:saved_sp], ax
	mov ax, cs
	mov [cs:saved_cs], ax
	cli
	xor ax, ax
	mov ds, ax
	mov si, text_cs
	call print
	mov ax, [saved_cs]
	call hex16
	mov si, text_ip
	call print
	mov ax, [bp]
	sub ax, .here - start
	call hex16
	mov si, text_ds
	call print
	mov ax, [saved_ds]
	call hex16
	mov si, text_es
	call print
	mov ax, [saved_es]
	call hex16
	mov si, text_ss
	call print
	mov ax, [saved_ss]
	call hex16
	mov si, text_sp
	call print
	mov ax, [saved_sp]
	call hex16
	mov si, text_if
	call print
	mov ax, [bp + 2]
	shr ax, 9
	and al, 1
	add al, '0'
	call putc
	mov si, text_a20
	call print
	call a20_open
	add al, '0'
	call putc
	mov si, text_dl
	call print
	mov al, [saved_dx]
	call hex8
	mov si, text_entry
	call print
	mov es, [saved_ds]
	mov di, [saved_si]
	mov cx, 16
.entry_byte:
	mov al, [es:di]
	call hex8
	inc di
	loop .entry_byte
	mov si, text_end
	call print
	mov al, 0x10
	out 0xf4, al
.halt:
	hlt
	jmp .halt

; AL = 1 when A20 is open: the word at FFFF:0510 (1 MiB + 0x500) is not
; the one at 0000:0500 seen through the wrap.
a20_open:
	push ds
	push es
	xor ax, ax
	mov ds, ax
	dec ax
	mov es, ax
	mov bx, [0x500]
	mov word [0x500], 0x1234
	mov word [es:0x510], 0x4321
	cmp word [0x500], 0x1234
	mov [0x500], bx
	mov al, 1
	je .open
	xor al, al
.open:
	pop es
	pop ds
	ret

; AL to COM1, waiting for the transmitter.
putc:
	push dx
	push ax
	mov dx, 0x3fd
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	pop ax
	mov dx, 0x3f8
	out dx, al
	pop dx
	ret

print:
	lodsb
	test al, al
	jz .done
	call putc
	jmp print
.done:
	ret

hex16:
	push ax
	mov al, ah
	call hex8
	pop ax
hex8:
	push ax
	shr al, 4
	call hex4
	pop ax
hex4:
	and al, 0x0f
	add al, '0'
	cmp al, '9'
	jbe .digit
	add al, 'A' - '9' - 1
.digit:
	jmp putc

text_cs: db 13, 10, "CHAINLOADED CS=", 0
text_ip: db " IP=", 0
text_ds: db " DS=", 0
text_es: db " ES=", 0
text_ss: db " SS=", 0
text_sp: db " SP=", 0
text_if: db " IF=", 0
text_a20: db " A20=", 0
text_dl: db " DL=", 0
text_entry: db " ENTRY=", 0
text_end: db 13, 10, 0
saved_cs: dw 0
saved_ds: dw 0
saved_es: dw 0
saved_ss: dw 0
saved_sp: dw 0
saved_si: dw 0
saved_dx: dw 0

	times 510 - ($ - $$) db 0
%ifdef NOSIGNATURE
	dw 0
%else
	dw 0xaa55
%endif
