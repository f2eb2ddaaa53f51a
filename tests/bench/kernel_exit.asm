; The benchmark's payload as a kernel segment (tests/bench/compare.sh): an
; x86-64 ELF kernel for the ghostboot protocol that writes 0x10 to port
; 0xf4 (QEMU's isa-debug-exit) as soon as it runs, with PAYLOAD, a file,
; in its one segment after the code. What is timed is the loader placing
; that segment.
bits 64
section .text
global _start
_start:
	mov al, 0x10
	out 0xf4, al
	hlt
	jmp _start
	incbin PAYLOAD
