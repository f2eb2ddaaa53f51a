; The benchmark's measure of the BIOS itself (tests/bench/compare.sh): a boot
; sector that reads SECTORS sectors after itself with INT 13h AH=42h, 127 a
; call (the most many BIOSes take), into one buffer over and over, then
; writes 0x10 to port 0xf4 (QEMU's isa-debug-exit: a pass) or, on a read
; error, 0x11. No loader can read the disk faster through the BIOS.
bits 16
org 0x7c00

%ifndef SECTORS
%error "assemble with -DSECTORS=N"
%endif
CHUNK equ 127

	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00
	mov [drive], dl
	mov ebx, SECTORS              ; sectors left
.next:
	mov ax, CHUNK
	cmp ebx, CHUNK
	jae .count_chosen
	mov ax, bx
.count_chosen:
	mov [packet.count], ax
	mov si, packet
	mov dl, [drive]
	mov ah, 0x42
	int 0x13
	jc .failed
	movzx eax, word [packet.count]
	add [packet.lba], eax
	sub ebx, eax
	jnz .next
	mov al, 0x10
	out 0xf4, al
.failed:
	mov al, 0x11
	out 0xf4, al
	hlt

drive: db 0
align 4
packet:
	db 16, 0
.count: dw 0
	dw 0, 0x1000                  ; 1000:0000, 64 KiB below 1 MiB
.lba: dq 1

	times 510 - ($ - $$) db 0
	dw 0xaa55
