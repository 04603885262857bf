/*
 * sysreg.h — AArch64 system-register bit definitions shared by C and assembly.
 * References: Arm ARM (DDI 0487) D13 "AArch64 System Register Descriptions".
 */
#pragma once

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define BIT(n) (UL(1) << (n))

/* SCTLR_EL1 (D13.2.118). RES1 bits 11, 20, 22, 23, 28, 29. */
#define SCTLR_EL1_M (1 << 0)	 /* MMU enable */
#define SCTLR_EL1_A (1 << 1)	 /* alignment check: off */
#define SCTLR_EL1_C (1 << 2)	 /* data cacheability */
#define SCTLR_EL1_SA (1 << 3)	 /* EL1 SP alignment check */
#define SCTLR_EL1_SA0 (1 << 4)	 /* EL0 SP alignment check */
#define SCTLR_EL1_UCT (1 << 15)	 /* EL0 may read CTR_EL0 */
#define SCTLR_EL1_DZE (1 << 14)	 /* EL0 may use DC ZVA */
#define SCTLR_EL1_I (1 << 12)	 /* instruction cacheability */
#define SCTLR_EL1_NTWI (1 << 16) /* WFI from EL0 not trapped */
#define SCTLR_EL1_NTWE (1 << 18) /* WFE from EL0 not trapped */
#define SCTLR_EL1_UCI (1 << 26)	 /* EL0 cache maintenance allowed */
#define SCTLR_EL1_SPAN (1 << 23) /* (RES1 before FEAT_PAN) 1: PAN not set on exception */
#define SCTLR_EL1_RES1 ((1 << 11) | (1 << 20) | (1 << 22) | (1 << 28) | (1 << 29))
/* What Linux sets for EL0 (arch/arm64/include/asm/sysreg.h INIT_SCTLR_EL1_MMU_ON):
 * user cache maintenance, CTR_EL0, DC ZVA, WFI/WFE allowed, SP alignment checks. */
#define SCTLR_EL1_VALUE                                                                                            \
	(SCTLR_EL1_RES1 | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_SA | SCTLR_EL1_SA0 | SCTLR_EL1_I | SCTLR_EL1_DZE | \
	 SCTLR_EL1_UCT | SCTLR_EL1_NTWI | SCTLR_EL1_NTWE | SCTLR_EL1_UCI | SCTLR_EL1_SPAN)

/* MAIR_EL1 attribute indices (D13.2.97). Page-table AttrIndx uses these. */
#define MT_DEVICE_nGnRnE 0
#define MT_DEVICE_nGnRE 1
#define MT_NORMAL_NC 2
#define MT_NORMAL 3
#define MAIR_EL1_VALUE                                                                \
	((UL(0x00) << (8 * MT_DEVICE_nGnRnE)) | (UL(0x04) << (8 * MT_DEVICE_nGnRE)) | \
	 (UL(0x44) << (8 * MT_NORMAL_NC)) | (UL(0xff) << (8 * MT_NORMAL)))

/* TCR_EL1 (D13.2.131): 48-bit VA in both halves, 4 KiB granules, inner-shareable
 * write-back walks, 16-bit ASIDs taken from TTBR0. IPS is filled in at boot
 * from ID_AA64MMFR0_EL1.PARange. */
#define TCR_T0SZ (UL(16) << 0)
#define TCR_IRGN0_WBWA (UL(1) << 8)
#define TCR_ORGN0_WBWA (UL(1) << 10)
#define TCR_SH0_INNER (UL(3) << 12)
#define TCR_TG0_4K (UL(0) << 14)
#define TCR_T1SZ (UL(16) << 16)
#define TCR_A1 (UL(1) << 22)
#define TCR_EPD1 (UL(1) << 23)
#define TCR_IRGN1_WBWA (UL(1) << 24)
#define TCR_ORGN1_WBWA (UL(1) << 26)
#define TCR_SH1_INNER (UL(3) << 28)
#define TCR_TG1_4K (UL(2) << 30)
#define TCR_IPS_SHIFT 32
#define TCR_AS (UL(1) << 36)
#define TCR_TBI0 (UL(1) << 37)
#define TCR_EL1_VALUE                                                                                          \
	(TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | TCR_T1SZ | TCR_IRGN1_WBWA | \
	 TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K | TCR_AS | TCR_TBI0)

/* HCR_EL2: EL1 runs AArch64 (RW); everything else off. */
#define HCR_EL2_RW (UL(1) << 31)

/* SPSR values. */
#define SPSR_MODE_EL0t 0x0
#define SPSR_MODE_EL1h 0x5
#define SPSR_DAIF (UL(0xf) << 6)
#define SPSR_SS (UL(1) << 21)	  /* software step: one instruction, then a step exception */
#define MDSCR_EL1_SS (UL(1) << 0) /* software step enabled (with SPSR_SS on the return) */

/* CPACR_EL1.FPEN = 0b11: no trapping of FP/SIMD at EL0 or EL1 (D13.2.30). */
#define CPACR_EL1_FPEN (UL(3) << 20)

/* Page-table descriptor bits, VMSAv8-64 stage 1 (D8.3). */
#define PTE_VALID (UL(1) << 0)
#define PTE_TABLE (UL(1) << 1) /* at L0-L2: next-level table */
#define PTE_PAGE (UL(1) << 1)  /* at L3: page */
#define PTE_BLOCK (UL(0) << 1) /* at L1-L2: block */
#define PTE_ATTRINDX(i) (UL(i) << 2)
#define PTE_USER (UL(1) << 6)	/* AP[1]: EL0 access */
#define PTE_RDONLY (UL(1) << 7) /* AP[2]: read-only */
#define PTE_SH_INNER (UL(3) << 8)
#define PTE_AF (UL(1) << 10)
#define PTE_NG (UL(1) << 11)
#define PTE_DBM (UL(1) << 51)
#define PTE_PXN (UL(1) << 53)
#define PTE_UXN (UL(1) << 54)
#define PTE_SW_COW (UL(1) << 55) /* software bit: copy on write */
#define PTE_ADDR_MASK UL(0x0000fffffffff000)

/* ESR_ELx exception classes (D13.2.37). */
#define ESR_EC_SHIFT 26
#define ESR_EC_UNKNOWN 0x00
#define ESR_EC_WFX 0x01
#define ESR_EC_FP 0x07
#define ESR_EC_ILL 0x0e
#define ESR_EC_SVC64 0x15
#define ESR_EC_SYS64 0x18
#define ESR_EC_SVE 0x19
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_PC_ALIGN 0x22
#define ESR_EC_DABT_LOW 0x24
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_SP_ALIGN 0x26
#define ESR_EC_FP_EXC64 0x2c
#define ESR_EC_SERROR 0x2f
#define ESR_EC_BREAKPT_LOW 0x30
#define ESR_EC_SOFTSTP_LOW 0x32
#define ESR_EC_WATCHPT_LOW 0x34
#define ESR_EC_BRK64 0x3c
#define ESR_ELx_WNR (UL(1) << 6) /* data abort: write not read */
#define ESR_ELx_FSC_MASK 0x3f

#ifndef __ASSEMBLER__
#include <types.h>
/* Reading and writing a system register by name (mrs/msr). */
#define read_sysreg(r)                                   \
	({                                               \
		u64 __v;                                 \
		asm volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                     \
	})
#define write_sysreg(r, v) asm volatile("msr " #r ", %0" : : "r"((u64)(v)))
#endif
