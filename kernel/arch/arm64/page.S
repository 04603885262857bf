/*
 * page.S — clearing and copying whole pages (arch_clear_page, arch_copy_page).
 *
 * Design: a fresh anonymous page, a page table and a copy-on-write copy are
 * the kernel's most common 4 KiB bulk writes, and under QEMU's TCG the cost
 * of memset/memcpy's 32-byte C loops is the number of instructions and loop
 * iterations (each iteration ends a translation block). So:
 *
 * - arch_clear_page zeroes with `dc zva` (Arm ARM, "DC ZVA, Data Cache Zero
 *   by VA"): one instruction per block of DCZID_EL0.BS (4 << BS bytes; 64 on
 *   QEMU's cortex-a72 and most cores), four blocks per iteration. When
 *   DCZID_EL0.DZP says `dc zva` is prohibited, or the block is larger than a
 *   quarter of a page, it falls back to stp of xzr, 256 bytes an iteration.
 *   `dc zva` needs Normal memory: these are for linear-map pages with the
 *   MMU on, never for Device memory or before the MMU is on (mmu.c's early
 *   tables use memset).
 * - arch_copy_page moves 64 bytes per ldp/stp group, 256 an iteration,
 *   through x2-x10 (caller-saved scratch registers of the AAPCS64).
 *
 * Linux does the same (arch/arm64/lib/clear_page.S, copy_page.S). Both take
 * page-aligned kernel virtual addresses; neither can fault.
 */
#include <arch/memlayout.h>

	.text

/* void arch_clear_page(void *kva) — x0: page-aligned, PAGE_SIZE bytes. */
	.global	arch_clear_page
	.type	arch_clear_page, %function
arch_clear_page:
	mrs	x1, dczid_el0
	tbnz	x1, #4, 2f		/* DZP: dc zva prohibited */
	and	w1, w1, #0xf
	cmp	w1, #8			/* BS > 8: a block over 1 KiB */
	b.hi	2f
	mov	x2, #4
	lsl	x2, x2, x1		/* the block size in bytes */
	add	x3, x0, #(1 << PAGE_SHIFT)
1:	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	cmp	x0, x3
	b.lo	1b
	ret
2:	add	x3, x0, #(1 << PAGE_SHIFT)
3:	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	stp	xzr, xzr, [x0, #64]
	stp	xzr, xzr, [x0, #80]
	stp	xzr, xzr, [x0, #96]
	stp	xzr, xzr, [x0, #112]
	stp	xzr, xzr, [x0, #128]
	stp	xzr, xzr, [x0, #144]
	stp	xzr, xzr, [x0, #160]
	stp	xzr, xzr, [x0, #176]
	stp	xzr, xzr, [x0, #192]
	stp	xzr, xzr, [x0, #208]
	stp	xzr, xzr, [x0, #224]
	stp	xzr, xzr, [x0, #240]
	add	x0, x0, #256
	cmp	x0, x3
	b.lo	3b
	ret
	.size	arch_clear_page, . - arch_clear_page

/* 64 bytes from [x1 + off] to [x0 + off] through x2-x9. */
	.macro	copy64 off:req
	ldp	x2, x3, [x1, #\off]
	ldp	x4, x5, [x1, #\off + 16]
	ldp	x6, x7, [x1, #\off + 32]
	ldp	x8, x9, [x1, #\off + 48]
	stp	x2, x3, [x0, #\off]
	stp	x4, x5, [x0, #\off + 16]
	stp	x6, x7, [x0, #\off + 32]
	stp	x8, x9, [x0, #\off + 48]
	.endm

/* void arch_copy_page(void *dst, const void *src) — both page-aligned. */
	.global	arch_copy_page
	.type	arch_copy_page, %function
arch_copy_page:
	add	x10, x0, #(1 << PAGE_SHIFT)
1:	copy64	0
	copy64	64
	copy64	128
	copy64	192
	add	x0, x0, #256
	add	x1, x1, #256
	cmp	x0, x10
	b.lo	1b
	ret
	.size	arch_copy_page, . - arch_copy_page
