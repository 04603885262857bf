/*
 * uaccess.S — the only instructions that touch user memory.
 *
 * Every load or store that may fault has an entry in __ex_table (pairs of
 * absolute addresses: faulting instruction, fixup). The EL1 abort handler
 * first tries to resolve the fault as a user page fault; if that fails it
 * looks up the faulting PC here and resumes at the fixup, which returns the
 * number of bytes not copied. Range checks are done by the C callers
 * (uaccess.c) before they get here; PAN is lifted by the callers too.
 */

	.macro	extable, insn, fixup
	.pushsection .ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.popsection
	.endm

/* One access of arm64_copy_user or arm64_clear_user that may fault: on a
 * fault it resumes at the routine's byte-wise retry (the next 5: label). */
	.macro	ucopy insn:req, ops:vararg
8888:	\insn	\ops
	extable	8888b, 5f
	.endm

/* 64 bytes from [x1 + off] to [x0 + off] through x3-x10. */
	.macro	copy64 off:req
	ucopy	ldp, x3, x4, [x1, #\off]
	ucopy	ldp, x5, x6, [x1, #\off + 16]
	ucopy	ldp, x7, x8, [x1, #\off + 32]
	ucopy	ldp, x9, x10, [x1, #\off + 48]
	ucopy	stp, x3, x4, [x0, #\off]
	ucopy	stp, x5, x6, [x0, #\off + 16]
	ucopy	stp, x7, x8, [x0, #\off + 32]
	ucopy	stp, x9, x10, [x0, #\off + 48]
	.endm

/*
 * size_t arm64_copy_user(void *dst, const void *src, size_t n)
 * In: x0 dst, x1 src, x2 n. Out: x0 = bytes NOT copied (0 on success).
 * Clobbers x3-x10. Copies 256 bytes at a time (pipes and large reads move
 * whole pages through here: under QEMU's TCG every loop iteration ends a
 * translation block, so fewer iterations copy faster), then 64, then 8,
 * then bytes. The pointers advance only after a block is complete, so
 * after a fault in a block the byte loop redoes it from its start and stops
 * exactly at the faulting byte.
 */
	.text
	.globl	arm64_copy_user
arm64_copy_user:
	cmp	x2, #256
	b.lo	8f
7:	copy64	0
	copy64	64
	copy64	128
	copy64	192
	add	x1, x1, #256
	add	x0, x0, #256
	sub	x2, x2, #256
	cmp	x2, #256
	b.hs	7b
8:	cmp	x2, #64
	b.lo	6f
	copy64	0
	add	x1, x1, #64
	add	x0, x0, #64
	sub	x2, x2, #64
	b	8b
6:	cmp	x2, #8
	b.lo	2f
1:	ucopy	ldr, x3, [x1]
	ucopy	str, x3, [x0]
	add	x1, x1, #8
	add	x0, x0, #8
	sub	x2, x2, #8
	cmp	x2, #8
	b.hs	1b
2:	cbz	x2, 4f
3:
12:	ldrb	w3, [x1], #1
13:	strb	w3, [x0], #1
	sub	x2, x2, #1
	cbnz	x2, 3b
4:	mov	x0, #0
	ret
9:	/* fault: finish byte by byte up to the faulting byte, report the rest */
	mov	x0, x2
	ret
	extable	12b, 9b
	extable	13b, 9b
5:	/* a word or block access faulted: retry it byte-wise to copy what we can */
	b	3b

/* 64 zero bytes at [x0 + off]. */
	.macro	clear64 off:req
	ucopy	stp, xzr, xzr, [x0, #\off]
	ucopy	stp, xzr, xzr, [x0, #\off + 16]
	ucopy	stp, xzr, xzr, [x0, #\off + 32]
	ucopy	stp, xzr, xzr, [x0, #\off + 48]
	.endm

/*
 * size_t arm64_clear_user(void *dst, size_t n)
 * In: x0 dst, x1 n. Out: x0 = bytes NOT cleared. Clobbers nothing else.
 * Same shape as arm64_copy_user: 256-byte blocks, then 64, then 8, then
 * bytes; x0 advances only after a block is complete, so after a fault the
 * byte loop redoes the block from its start and stops at the faulting byte.
 */
	.globl	arm64_clear_user
arm64_clear_user:
	cmp	x1, #256
	b.lo	8f
7:	clear64	0
	clear64	64
	clear64	128
	clear64	192
	add	x0, x0, #256
	sub	x1, x1, #256
	cmp	x1, #256
	b.hs	7b
8:	cmp	x1, #64
	b.lo	6f
	clear64	0
	add	x0, x0, #64
	sub	x1, x1, #64
	b	8b
6:	cmp	x1, #8
	b.lo	2f
1:	ucopy	str, xzr, [x0]
	add	x0, x0, #8
	sub	x1, x1, #8
	cmp	x1, #8
	b.hs	1b
2:	cbz	x1, 4f
3:
20:	strb	wzr, [x0], #1
	sub	x1, x1, #1
	cbnz	x1, 3b
4:	mov	x0, #0
	ret
9:	mov	x0, x1
	ret
	extable	20b, 9b
5:	/* a word or block store faulted: retry it byte-wise */
	b	3b

/*
 * long arm64_strncpy_user(char *dst, const char *src, size_t n)
 * Copies up to n bytes, stopping after a NUL. Out: x0 = length of the string
 * (not counting the NUL) if a NUL was copied, n if none was found in n
 * bytes, -1 on a fault. Clobbers x3, x4.
 */
	.globl	arm64_strncpy_user
arm64_strncpy_user:
	mov	x3, #0
1:	cmp	x3, x2
	b.hs	2f
30:	ldrb	w4, [x1, x3]
	strb	w4, [x0, x3]
	cbz	w4, 2f
	add	x3, x3, #1
	b	1b
2:	mov	x0, x3
	ret
9:	mov	x0, #-1
	ret
	extable	30b, 9b

/*
 * int arm64_get_user_u64(u64 *out, const u64 *uaddr) / arm64_put_user_u64(u64 *uaddr, u64 v)
 * and the u32 variants. Out: x0 = 0 or -EFAULT (-14). Clobbers x2.
 */
	.globl	arm64_get_user_u64
arm64_get_user_u64:
40:	ldr	x2, [x1]
	str	x2, [x0]
	mov	x0, #0
	ret
	.globl	arm64_put_user_u64
arm64_put_user_u64:
41:	str	x1, [x0]
	mov	x0, #0
	ret
	.globl	arm64_get_user_u32
arm64_get_user_u32:
42:	ldr	w2, [x1]
	str	w2, [x0]
	mov	x0, #0
	ret
	.globl	arm64_put_user_u32
arm64_put_user_u32:
43:	str	w1, [x0]
	mov	x0, #0
	ret
9:	mov	x0, #-14
	ret
	extable	40b, 9b
	extable	41b, 9b
	extable	42b, 9b
	extable	43b, 9b

/*
 * int arm64_futex_atomic_op(u32 *uaddr, unsigned op, u32 oparg, u32 *oldp)
 * FUTEX_WAKE_OP's read-modify-write of the user word as one atomic step
 * against other CPUs (Linux's arch/arm64/include/asm/futex.h does the same
 * with an exclusive pair): op 0 SET, 1 ADD, 2 OR, 3 ANDN, else XOR.
 * In: x0 uaddr (4-aligned, range-checked), w1 op, w2 oparg, x3 oldp (kernel).
 * Out: x0 = 0 and *oldp = the old word, or -EFAULT. Clobbers x4-x6.
 * A fault the page-fault path resolves (first touch, copy-on-write) resumes
 * at the load or store; the store-exclusive then fails and the loop retries.
 */
	.globl	arm64_futex_atomic_op
arm64_futex_atomic_op:
1:
44:	ldxr	w4, [x0]
	cmp	w1, #0
	b.ne	2f
	mov	w5, w2
	b	6f
2:	cmp	w1, #1
	b.ne	3f
	add	w5, w4, w2
	b	6f
3:	cmp	w1, #2
	b.ne	4f
	orr	w5, w4, w2
	b	6f
4:	cmp	w1, #3
	b.ne	5f
	bic	w5, w4, w2
	b	6f
5:	eor	w5, w4, w2
6:
45:	stlxr	w6, w5, [x0]
	cbnz	w6, 1b
	dmb	ish
	str	w4, [x3]
	mov	x0, #0
	ret
9:	mov	x0, #-14
	ret
	extable	44b, 9b
	extable	45b, 9b
