/*
 * entry.S — exception vectors, trap-frame save/restore, context switch.
 *
 * The assembly only saves and restores state; every decision is made in C
 * (trap.c) by exception class. Register use on entry: all general registers
 * are saved to a struct trap_frame on the current kernel stack (SP_EL1), then
 * C is called with x0 = the frame. TPIDR_EL1 always holds the current task.
 */
#include <arch/frame.h>
#include <arch/memlayout.h>
#include <arch/sysreg.h>

	.macro	kernel_entry, el
	sub	sp, sp, #FRAME_SIZE
	.if	\el == 1
	/*
	 * Did the kernel stack overflow (kstack.c)? Bit KSTACK_SHIFT of SP is
	 * clear on every kernel stack and set in the guard below one. SP_EL0
	 * is free while in the kernel (the user's SP is in the trap frame from
	 * kernel_entry 0 to kernel_exit 0): it keeps x0 for the test.
	 */
	msr	sp_el0, x0
	mov	x0, sp
	tbnz	x0, #KSTACK_SHIFT, el1h_kstack_overflow
	mrs	x0, sp_el0
	.endif
	save_frame \el
	.endm

	/* The registers into the frame at sp; x0 := the frame. */
	.macro	save_frame, el
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if	\el == 0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #FRAME_SIZE
	.endif
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #FRAME_X30]
	stp	x22, x23, [sp, #FRAME_PC]
	mov	x0, #-1
	str	x0, [sp, #FRAME_SYSCALLNO]
	.if	\el == 1
	/* frame->regs[29..30] form an AAPCS64 frame record {fp, lr}: chain it */
	add	x29, sp, #(29 * 8)
	.else
	mov	x29, xzr
	.endif
	mov	x0, sp
	.endm

	.macro	kernel_exit, el
	.if	\el == 0
	ldr	x21, [sp, #FRAME_SP]
	msr	sp_el0, x21
	.endif
	ldp	x22, x23, [sp, #FRAME_PC]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #FRAME_X30]
	add	sp, sp, #FRAME_SIZE
	eret
	sb_or_barrier
	.endm

	/* Speculation barrier after eret (Linux does the same: Spectre-BHB style). */
	.macro	sb_or_barrier
	dsb	nsh
	isb
	.endm

	.macro	vector, label
	.balign	0x80
	b	\label
	.endm

	.section .vectors, "ax"
	.balign	0x800
	.globl	exception_vectors
exception_vectors:
	vector	el1t_invalid		/* EL1t: we never run with SP_EL0 at EL1 */
	vector	el1t_invalid
	vector	el1t_invalid
	vector	el1t_invalid
	vector	el1h_sync		/* EL1h: exceptions taken in the kernel */
	vector	el1h_irq
	vector	el1h_invalid		/* FIQ */
	vector	el1h_serror
	vector	el0_sync		/* EL0 AArch64 */
	vector	el0_irq
	vector	el0_invalid		/* FIQ */
	vector	el0_serror
	vector	el0_invalid		/* EL0 AArch32: not supported */
	vector	el0_invalid
	vector	el0_invalid
	vector	el0_invalid

	.text
el1t_invalid:
el1h_invalid:
el1h_serror:
	kernel_entry 1
	bl	arm64_bad_mode
	b	.

/*
 * el1h_kstack_overflow: kernel_entry 1 found SP in a stack guard. In: x0 =
 * that SP (the frame reserved), SP_EL0 = the interrupted x0. Moves to this
 * CPU's overflow stack (the current task's cpu; CPU 0 before there is a
 * task), saves the frame there with the SP of the exception, and panics.
 * TPIDRRO_EL0 (the user's, lost: the kernel is going down) keeps the SP
 * meanwhile. Named el1h_ so that backtraces go on into the interrupted
 * code (trap.c is_el1_entry).
 */
el1h_kstack_overflow:
	msr	tpidrro_el0, x0
	mrs	x0, tpidr_el1
	cbz	x0, 1f
	ldr	w0, [x0, #TASK_CPU]
1:	add	x0, x0, #1
	lsl	x0, x0, #KSTACK_SHIFT
	mov	sp, x0				/* sp = (cpu + 1) * KSTACK_SIZE */
	adrp	x0, overflow_stacks
	add	x0, x0, :lo12:overflow_stacks
	add	sp, sp, x0			/* the top of overflow_stacks[cpu] */
	mrs	x0, sp_el0
	sub	sp, sp, #FRAME_SIZE
	save_frame 1
	mrs	x1, tpidrro_el0
	add	x1, x1, #FRAME_SIZE
	str	x1, [sp, #FRAME_SP]
	bl	arm64_kstack_overflow
	b	.

el0_invalid:
el0_serror:
	kernel_entry 0
	bl	arm64_bad_mode
	b	ret_to_user

el1h_sync:
	kernel_entry 1
	bl	arm64_el1_sync
	kernel_exit 1

el1h_irq:
	kernel_entry 1
	bl	arm64_irq
	kernel_exit 1

el0_sync:
	kernel_entry 0
	bl	arm64_el0_sync
	b	ret_to_user

el0_irq:
	kernel_entry 0
	bl	arm64_irq
	b	ret_to_user

/*
 * ret_to_user: finish pending work (reschedule, signals) then restore the
 * frame at the top of the stack and eret. In: sp = the trap frame.
 */
	.globl	ret_to_user
ret_to_user:
	msr	daifset, #0xf
	mov	x0, sp
	bl	exit_to_user_mode
	kernel_exit 0

/*
 * arm64_switch_to(struct cpu_context *prev, struct cpu_context *next, struct task *next_task)
 * Saves callee-saved registers, SP and LR into *prev, loads them from *next,
 * sets TPIDR_EL1 = next_task, and returns into next's saved PC.
 * Clobbers x8-x10 (caller-saved).
 */
	.globl	arm64_switch_to
arm64_switch_to:
	mov	x10, sp
	stp	x19, x20, [x0, #CTX_X19 + 16 * 0]
	stp	x21, x22, [x0, #CTX_X19 + 16 * 1]
	stp	x23, x24, [x0, #CTX_X19 + 16 * 2]
	stp	x25, x26, [x0, #CTX_X19 + 16 * 3]
	stp	x27, x28, [x0, #CTX_X19 + 16 * 4]
	stp	x29, x10, [x0, #CTX_FP]
	str	x30, [x0, #CTX_PC]
	ldp	x19, x20, [x1, #CTX_X19 + 16 * 0]
	ldp	x21, x22, [x1, #CTX_X19 + 16 * 1]
	ldp	x23, x24, [x1, #CTX_X19 + 16 * 2]
	ldp	x25, x26, [x1, #CTX_X19 + 16 * 3]
	ldp	x27, x28, [x1, #CTX_X19 + 16 * 4]
	ldp	x29, x10, [x1, #CTX_FP]
	ldr	x30, [x1, #CTX_PC]
	mov	sp, x10
	msr	tpidr_el1, x2
	ret

/*
 * ret_from_fork: first code a new task runs (its saved PC).
 * In: x19 = kernel-thread function or 0 for a user task, x20 = its argument.
 * A kernel thread that returns exits; a user task returns to user mode
 * through the trap frame at the top of its kernel stack.
 */
	.globl	ret_from_fork
ret_from_fork:
	bl	sched_tail
	cbz	x19, 1f
	mov	x0, x20
	blr	x19
	bl	task_exit_kthread
1:	b	ret_to_user

/*
 * fpsimd_save(struct fpsimd_state *s) / fpsimd_load(const struct fpsimd_state *s)
 * In: x0. Clobbers x1, x2 (and the V registers for load).
 */
	.globl	fpsimd_save
fpsimd_save:
	.arch_extension fp
	.arch_extension simd
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	w1, w2, [x0]
	ret

	.globl	fpsimd_load
fpsimd_load:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #512
	ldp	w1, w2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
