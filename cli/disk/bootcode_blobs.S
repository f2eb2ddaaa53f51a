/* Stage 1 (the MBR and the volume boot record), stage 2 and the UEFI loader
 * as built, carried inside the ghostboot binary so that it needs no other
 * file. STAGE1_BIN, STAGE1_VBR_BIN, STAGE2_BIN and UEFI_BIN are the paths of
 * the binaries, given by cli/build.mk. */

	.section .rodata
	.balign 16
	.globl embedded_stage1
embedded_stage1:
	.incbin STAGE1_BIN
embedded_stage1_end:

	.balign 16
	.globl embedded_vbr
embedded_vbr:
	.incbin STAGE1_VBR_BIN
embedded_vbr_end:

	.balign 16
	.globl embedded_stage2
embedded_stage2:
	.incbin STAGE2_BIN
embedded_stage2_end:

	.balign 16
	.globl embedded_uefi
embedded_uefi:
	.incbin UEFI_BIN
embedded_uefi_end:

	.balign 8
	.globl embedded_stage1_size
embedded_stage1_size:
	.quad embedded_stage1_end - embedded_stage1
	.globl embedded_vbr_size
embedded_vbr_size:
	.quad embedded_vbr_end - embedded_vbr
	.globl embedded_stage2_size
embedded_stage2_size:
	.quad embedded_stage2_end - embedded_stage2
	.globl embedded_uefi_size
embedded_uefi_size:
	.quad embedded_uefi_end - embedded_uefi

	/* No executable stack for the program that links this. */
	.section .note.GNU-stack,"",@progbits
