; ghostboot stage 1: the MBR boot code (docs/install.md).
;
; The BIOS loads this sector at 0000:7C00. It loads stage 2 to 0000:8000 from
; the extents the installer patched in (include/ghostboot/bootcode.h) and
; jumps there with the boot drive in DL. Reads use INT 13h extensions
; (AH=42h) when the BIOS has them, else CHS (AH=08h geometry, AH=02h read).
; Bytes 440..511 (disk signature, partition table, 55AA) belong to the disk,
; not to us: the installer copies only bytes 0..439.

bits 16
org 0x7c00

STAGE2_SEGMENT    equ 0x0800          ; 0000:8000
STAGE2_MAGIC      equ 0x32534247      ; "GBS2" at offset 4 of stage 2
LBA_CHUNK         equ 64              ; sectors a call: 32 KiB never crosses 64 KiB
READ_TRIES        equ 3
FLAG_HARD_DISK    equ 1

; Scratch variables below the stack, outside this sector, addressed from BP
; (a one-byte displacement keeps the code within its 408 bytes).
VARS              equ 0x0500
%define boot_drive        bp + 0      ; byte
%define use_lba           bp + 1      ; byte: 1 when AH=42h works
%define sectors_per_track bp + 2      ; word
%define heads             bp + 4      ; word
%define dap               bp + 0x10   ; 16-byte disk address packet
%define dap_count         bp + 0x12
%define dap_offset        bp + 0x14
%define dap_segment       bp + 0x16
%define dap_lba           bp + 0x18

start:
	jmp 0:normalised_start        ; some BIOSes enter at 07C0:0000
normalised_start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	mov bp, VARS
	sti
	cld

	; Pick the drive: the installer's override, else DL, except that a
	; hard disk reported with a floppy number is a BIOS bug.
	mov al, [drive_override]
	cmp al, 0xff
	je .from_dl
	mov dl, al
.from_dl:
	test byte [flags], FLAG_HARD_DISK
	jz .drive_chosen
	test dl, 0x80
	jnz .drive_chosen
	mov dl, 0x80
.drive_chosen:
	mov [boot_drive], dl

	mov byte [use_lba], 0
	mov ah, 0x41
	mov bx, 0x55aa
	int 0x13
	jc .use_chs
	cmp bx, 0xaa55
	jne .use_chs
	test cl, 1                    ; bit 0: the packet calls (AH=42h) work
	jz .use_chs
	inc byte [use_lba]
	jmp .geometry_known
.use_chs:
	mov ah, 0x08
	mov dl, [boot_drive]
	xor di, di                    ; ES:DI = 0 works around old BIOS bugs
	int 0x13
	jc disk_error
	and cx, 0x3f
	jz disk_error
	mov [sectors_per_track], cx
	movzx dx, dh
	inc dx
	mov [heads], dx
.geometry_known:

	mov word [dap_offset], 0
	mov word [dap_segment], STAGE2_SEGMENT
	mov si, extents
next_extent:
	mov cx, [si + 8]              ; sectors in this extent
	jcxz loaded
	lea di, [dap_lba]
	push si
	movsd                         ; the extent's 64-bit LBA into the packet
	movsd
	pop si
read_more:
	mov ax, 1
	cmp byte [use_lba], 0
	je .count_chosen
	mov ax, LBA_CHUNK
	cmp cx, ax
	jae .count_chosen
	mov ax, cx
.count_chosen:
	call read_sectors
	movzx eax, ax
	sub cx, ax
	add [dap_lba], eax            ; AX < 65536 and EAX's top half is zero
	adc dword [dap_lba + 4], 0
	shl ax, 5                     ; sectors -> paragraphs
	add [dap_segment], ax
	cmp word [dap_segment], 0x7000 ; stage 2 must end below the bounce buffer
	ja disk_error
	test cx, cx
	jnz read_more
	add si, 12
	cmp si, extents_end
	jb next_extent

loaded:
	cmp dword [STAGE2_SEGMENT * 16 + 4], STAGE2_MAGIC
	jne missing_stage2
	mov dl, [boot_drive]
	jmp 0:STAGE2_SEGMENT * 16

; Reads AX sectors at [dap_lba] to [dap_segment]:0000. Keeps AX, CX, SI.
read_sectors:
	pusha
	mov di, READ_TRIES
.try:
	mov [dap_count], ax           ; a failed call may have changed it
	cmp byte [use_lba], 0
	je .chs
	mov word [dap], 0x0010        ; packet size 16, reserved 0
	lea si, [dap]
	mov ah, 0x42
	jmp .call
.chs:
	; LBA -> cylinder, head, sector; CHS reaches 1024 cylinders at most.
	cmp dword [dap_lba + 4], 0
	jne disk_error
	mov eax, [dap_lba]
	xor edx, edx
	movzx ebx, word [sectors_per_track]
	div ebx
	mov cl, dl
	inc cl                        ; sectors count from 1
	xor edx, edx
	movzx ebx, word [heads]
	div ebx
	cmp eax, 1023
	ja disk_error
	mov dh, dl                    ; head
	mov ch, al                    ; cylinder bits 0..7
	shl ah, 6
	or cl, ah                     ; cylinder bits 8..9
	les bx, [dap_offset]          ; ES:BX = segment:0000
	mov ax, 0x0201
.call:
	mov dl, [boot_drive]
	int 0x13
	push 0
	pop es
	jnc .done
	xor ah, ah                    ; reset the drive and try again
	mov dl, [boot_drive]
	int 0x13
	dec di
	jnz .try
	jmp disk_error
.done:
	popa
	ret

missing_stage2:
	mov si, msg_missing
	jmp fail
disk_error:
	mov si, msg_disk
fail:
	mov ah, 0x0e
	mov bx, 0x0007
.next:
	lodsb
	test al, al
	jz .halt
	int 0x10
	jmp .next
.halt:
	cli
	hlt
	jmp .halt

msg_disk:    db "ghostboot: disk read error", 0
msg_missing: db "ghostboot: no stage 2", 0

; --- patch area: struct gb_stage1_patch at GB_STAGE1_PATCH_OFFSET --------
%if $ - $$ > 0x198
%error "stage 1 code overlaps its patch area"
%endif
	times 0x198 - ($ - $$) db 0
patch:
	dd 0x31534247                 ; "GBS1"
drive_override: db 0xff
flags:          db FLAG_HARD_DISK
	dw 0
extents:
	times 2 * 12 db 0             ; filled in by `ghostboot install`
extents_end:
%if $ - $$ != 440
%error "patch area must end at the disk signature"
%endif
	times 510 - ($ - $$) db 0
	dw 0xaa55
