/*
 * mmu.h — arm64 page tables (VMSAv8-64, 4 KiB granule, 4 levels, 48-bit VA):
 * the arch-private half. The portable interface (the upt_* and pte_*
 * functions, the TLB flushes, struct arch_mm) is include/pgtable.h; this
 * header adds what only arch/arm64/ uses.
 *
 * User address spaces are trees rooted at a level-0 table, installed in TTBR0
 * with the mm's ASID. Leaf entries at level 3 map 4 KiB pages. Intermediate
 * tables come from page_alloc() and are freed with the tree.
 */
#pragma once

#include <page.h>
#include <pgtable.h>
#include <types.h>

/* PROT_NONE pages keep their frame in an entry the MMU sees as invalid
 * (software bit 58, as Linux's PTE_PROT_NONE): present to the kernel, no
 * access for anyone. */
#define PTE_SW_PROT_NONE (1UL << 58)
#define PTE_SW_BREAKING (1UL << 57) /* invalid while a copy-on-write break flushes it (pte_mkbreaking) */

/* Kernel pages mapped one at a time, RW+NX (kstack.c's stack area, mmu.c):
 * map n frames at va (-ENOMEM: a table could not be had); unmap them on
 * every CPU and hand their frames back in pas. */
int __must_check mmu_kmap_pages(vaddr_t va, const paddr_t *pas, int n);
void mmu_kunmap_pages(vaddr_t va, paddr_t *pas, int n);

/* TTBR0 := root with asid; upt_deactivate loads an empty table, keeping
 * the ASID TTBR0 holds (no user space; no TLB flush under QEMU). */
void upt_activate(pte_t *root, unsigned asid);
void upt_deactivate(void);

/*
 * ASIDs (asid.c): an address space's ASID context is (generation << 16) |
 * hardware ASID, 0 before it first runs. asid_activate gives the hardware
 * ASID to load, allocating a new one when the context is from an older
 * generation; the flushes (pgtable.h) do nothing for a context of an older
 * generation (the roll-over flushed everything it had).
 */
void asid_init(void);
unsigned asid_activate(struct arch_mm *am);
/* TTBR0 now holds am's table (NULL: the empty one): the mm switched away
 * from is no longer active on this CPU (arch_mm.cpus_active). */
void asid_installed(struct arch_mm *am);
/* How many hardware ASIDs the CPU has (256 or 65536). */
unsigned asid_count(void);
/* Drops every entry of every CPU's TLB, all ASIDs (TLBI VMALLE1IS). */
void arm64_flush_tlb_all(void);
