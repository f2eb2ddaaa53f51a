; ghostboot stage 1 for partitioned disks: the MBR boot code (docs/install.md).
;
; The BIOS loads this sector at 0000:7C00; load_stage2.inc does the rest.
; Bytes 440..511 (disk signature, partition table, 55AA) belong to the disk,
; not to us: the installer copies only bytes 0..439.

bits 16
org 0x7c00

; The MBR has room to retry the first hard disk when DL names no drive at all.
%define RETRY_FIRST_HARD_DISK
%include "load_stage2.inc"

%if $ - $$ > 0x198
%error "stage 1 code overlaps its patch area"
%endif
	times 0x198 - ($ - $$) db 0
	patch_area
%if $ - $$ != 440
%error "patch area must end at the disk signature"
%endif
	times 510 - ($ - $$) db 0
	dw 0xaa55
