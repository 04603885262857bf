/*
 * head.S — the first instructions: arm64 Image header, EL2 -> EL1, early
 * page tables, MMU on, jump to the linked (high) addresses, call C.
 *
 * Boot protocol (Linux Documentation/arch/arm64/booting.rst): entered at EL2
 * or EL1 with the MMU off, x0 = physical address of the device tree, the
 * image loaded at a 2 MiB-aligned base (+ text_offset 0).
 *
 * Early mappings (replaced by mmu_init() in C as soon as RAM is known):
 *   TTBR0: identity map of PA 0..512 GiB in 1 GiB blocks, the first GiB as
 *          Device memory (it holds the GIC, UART and virtio on -M virt), the
 *          rest Normal. C code uses it to read the DTB and the UART before
 *          the real page tables exist.
 *   TTBR1: the image, 32 MiB of 2 MiB blocks at KIMAGE_VADDR -> load base.
 */
#include <arch/sysreg.h>
#include <arch/memlayout.h>

#define EARLY_IMAGE_BLOCKS 16	/* 16 x 2 MiB covers the image, bss and boot stack */

	.section .head.text, "ax"
	.globl _head
_head:
	/* Image header: code0/code1, text_offset, image_size, flags, res2-4, magic, res5. */
	b	primary_entry
	.long	0
	.quad	0				/* text_offset */
	.quad	_image_size			/* image_size: includes bss (kernel.ld) */
	.quad	0xa				/* LE, 4 KiB pages, placement anywhere (2 MiB aligned) */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

primary_entry:
	mov	x19, x0				/* x19: DTB physical address (kept until C) */
	adr	x20, _head			/* x20: physical load base */
	msr	daifset, #0xf
	bl	enter_el1
	bl	zero_boot_area
	bl	build_early_tables
	bl	enable_mmu

	/* Now running with the MMU on, still at the physical PC via TTBR0. */
	ldr	x0, =high_entry
	br	x0

high_entry:
	adrp	x0, boot_stack_top
	add	sp, x0, :lo12:boot_stack_top
	adrp	x0, exception_vectors
	add	x0, x0, :lo12:exception_vectors
	msr	vbar_el1, x0
	isb
	/* zero .bss through the high mapping (Normal memory), a page at a time
	 * with arch_clear_page's `dc zva` (page.S; kernel.ld page-aligns both
	 * ends): 1 MiB, 270 k instructions of stores before, 20 k now */
	adrp	x21, _bss
	add	x21, x21, :lo12:_bss
	adrp	x22, _ebss
	add	x22, x22, :lo12:_ebss
2:	cmp	x21, x22
	b.hs	3f
	mov	x0, x21
	bl	arch_clear_page
	add	x21, x21, #(1 << PAGE_SHIFT)
	b	2b
3:
	mov	x29, xzr			/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	kernel_main
4:	wfi
	b	4b

/*
 * enter_el1: at EL2, drop to EL1 (el2_to_el1 returns to our caller); at EL1,
 * just return. In: x30 return address. Clobbers x0.
 */
enter_el1:
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.eq	el2_to_el1
	ret

/*
 * el2_to_el1: leave EL2 for EL1h, with EL1 in AArch64 and nothing trapped.
 * In: x30 return address. Clobbers x0.
 */
el2_to_el1:
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mov	x0, #3				/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN: EL1 timer access */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #0x33ff			/* CPTR_EL2: RES1 bits, no FP/SIMD trap */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	/* GICv3: let EL1 use the system-register CPU interface (ICC_SRE_EL2.SRE|Enable).
	 * Only if ID_AA64PFR0_EL1.GIC says the sysreg interface exists. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mov	x0, #0xf
	msr	S3_4_C12_C9_5, x0		/* ICC_SRE_EL2 */
	isb
1:	ldr	x0, =(SCTLR_EL1_RES1)
	msr	sctlr_el1, x0
	mov	x0, #(SPSR_MODE_EL1h | SPSR_DAIF)
	msr	spsr_el2, x0
	msr	elr_el2, x30
	isb
	eret

/* zero_boot_area: zero .boot (early page tables + boot stack) at its physical
 * address. Clobbers x0, x1. */
zero_boot_area:
	adrp	x0, boot_area_start
	adrp	x1, _end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	ret

/*
 * build_early_tables: fill the early page tables described at the top.
 * In: x20 physical load base. Clobbers x0-x7.
 */
build_early_tables:
	/* TTBR0: idmap_l0[0] -> idmap_l1; idmap_l1[i] = 1 GiB block i. */
	adrp	x0, idmap_l0
	adrp	x1, idmap_l1
	orr	x2, x1, #(PTE_VALID | PTE_TABLE)
	str	x2, [x0]
	ldr	x3, =(PTE_VALID | PTE_BLOCK | PTE_AF | PTE_ATTRINDX(MT_DEVICE_nGnRnE) | PTE_PXN | PTE_UXN)
	str	x3, [x1]			/* GiB 0: devices */
	ldr	x3, =(PTE_VALID | PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_UXN)
	mov	x4, #1
1:	lsl	x5, x4, #30
	orr	x5, x5, x3
	str	x5, [x1, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #512
	b.lo	1b

	/* TTBR1: kimg_l0[511] -> kimg_l1; kimg_l1[510] -> kimg_l2; 2 MiB blocks. */
	adrp	x0, kimg_l0
	adrp	x1, kimg_l1
	adrp	x2, kimg_l2
	orr	x3, x1, #(PTE_VALID | PTE_TABLE)
	str	x3, [x0, #(511 * 8)]
	orr	x3, x2, #(PTE_VALID | PTE_TABLE)
	str	x3, [x1, #(510 * 8)]
	ldr	x3, =(PTE_VALID | PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_UXN)
	orr	x3, x3, x20
	mov	x4, #0
2:	str	x3, [x2, x4, lsl #3]
	add	x3, x3, #(2 << 20)
	add	x4, x4, #1
	cmp	x4, #EARLY_IMAGE_BLOCKS
	b.lo	2b
	dsb	ishst
	ret

/*
 * enable_mmu: program MAIR/TCR/TTBRs and turn on the MMU and caches.
 * Also opens FP/SIMD to EL0 and EL1 (CPACR_EL1.FPEN). Clobbers x0, x1.
 */
enable_mmu:
	ldr	x0, =MAIR_EL1_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_EL1_VALUE
	mrs	x1, id_aa64mmfr0_el1
	ubfx	x1, x1, #0, #3			/* PARange -> TCR.IPS */
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x1, x2, ls			/* at most 48-bit PA: we use 4K granules */
	bfi	x0, x1, #TCR_IPS_SHIFT, #3
	msr	tcr_el1, x0
	adrp	x0, idmap_l0
	msr	ttbr0_el1, x0
	adrp	x0, kimg_l0
	msr	ttbr1_el1, x0
	mov	x0, #CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	ldr	x0, =SCTLR_EL1_VALUE
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

	.ltorg

	.section .boot.pgtables, "aw", %nobits
	.balign 4096
idmap_l0:	.space 4096
idmap_l1:	.space 4096
kimg_l0:	.space 4096
kimg_l1:	.space 4096
kimg_l2:	.space 4096

	/* aligned as every kernel stack is (memlayout.h, kstack.c); kernel.ld
	 * puts it first in .boot, so no padding is lost */
	.section .boot.stack, "aw", %nobits
	.balign 2 * KSTACK_SIZE
boot_area_start:
	.space KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:

/*
 * secondary_entry: where PSCI CPU_ON starts a secondary CPU (arch/arm64/
 * smp.c), at EL2 or EL1 with the MMU off. In: x0 = the context id, its CPU
 * index. It turns the MMU on with the early tables (still intact: the
 * identity map for this code, the image at KIMAGE_VADDR), jumps high,
 * switches to the kernel's final tables the boot CPU uses, takes the stack of
 * its idle task and calls arm64_secondary_main(cpu).
 */
	.section .head.text, "ax"
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0				/* x19: CPU index */
	msr	daifset, #0xf
	bl	enter_el1
	bl	enable_mmu
	ldr	x0, =secondary_high
	br	x0

	.text
secondary_high:
	ldr	x0, =secondary_ttbr1
	ldr	x0, [x0]
	msr	ttbr1_el1, x0
	ldr	x0, =secondary_ttbr0
	ldr	x0, [x0]
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =secondary_boot_sp
	ldr	x0, [x0, x19, lsl #3]
	mov	sp, x0
	adrp	x0, exception_vectors
	add	x0, x0, :lo12:exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	arm64_secondary_main
2:	wfi
	b	2b
	.ltorg
