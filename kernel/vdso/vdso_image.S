/*
 * vdso_image.S — the vDSO shared object (build/vdso/vdso.so, built from
 * kernel/vdso/src/ by the Makefile) embedded in the kernel image between
 * vdso_start and vdso_end, page aligned and padded to whole pages.
 * vdso.c copies it into allocated pages at boot; this copy is never mapped.
 * The path is relative to the top of the tree, where make runs.
 */
#include "offsets.h" /* build/vdso/offsets.h, made from the vDSO's symbols */

	.section .rodata.vdso, "a"
	.balign	4096
	.globl	vdso_start
vdso_start:
	.incbin	"build/vdso/vdso.so"
	.balign	4096
	.globl	vdso_end
vdso_end:

	/* where __kernel_rt_sigreturn is, from the start of the image */
	.balign	8
	.globl	vdso_sigreturn_offset
vdso_sigreturn_offset:
	.quad	VDSO_SIGRETURN_OFFSET
