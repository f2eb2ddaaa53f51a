; ghostboot stage 1 for unpartitioned FAT media, floppies among them: a
; volume boot record (docs/install.md).
;
; Bytes 3..89 hold the volume's BIOS parameter block (FAT32's is the
; longest); the installer keeps the volume's own and copies only the jump,
; the code and the patch area. The FAT12/16 fields end at byte 62, so the
; same record serves all three FAT types.

bits 16
org 0x7c00

	jmp short start
	nop
	times 90 - ($ - $$) db 0      ; the BPB, kept from the volume

%include "load_stage2.inc"

%if $ - $$ > 0x1de
%error "volume boot code overlaps its patch area"
%endif
	times 0x1de - ($ - $$) db 0
	patch_area
	dw 0xaa55
