/*
 * sigreturn.S — __kernel_rt_sigreturn, the signal return trampoline that
 * Linux/arm64 keeps in its vDSO: a handler installed without SA_RESTORER
 * returns here, with sp at the rt_sigframe the kernel built.
 *
 * The CFI describes that frame to unwinders (gdb, libgcc, libunwind): it is
 * a signal frame, and the frame record (x29, x30) the kernel pushed for the
 * interrupted context is at x29. The nop before the symbol exists because
 * unwinders look up "return address - 1" and must still land inside this
 * FDE (Linux has the same nop, arch/arm64/kernel/vdso/sigreturn.S).
 *
 * In: sp = the rt_sigframe. Does not return.
 */
#define NR_RT_SIGRETURN 139 /* __NR_rt_sigreturn */

	.text
	.cfi_startproc
	.cfi_signal_frame
	.cfi_def_cfa	x29, 0
	.cfi_offset	x29, 0 * 8
	.cfi_offset	x30, 1 * 8
	nop
	.globl	__kernel_rt_sigreturn
	.type	__kernel_rt_sigreturn, %function
__kernel_rt_sigreturn:
	mov	x8, #NR_RT_SIGRETURN
	svc	#0
	.size	__kernel_rt_sigreturn, . - __kernel_rt_sigreturn
	.cfi_endproc
