/*
 * pgtable_types.h — arm64's types for the portable page-table interface
 * (include/pgtable.h): what a page-table entry is, and the architecture's
 * part of an address space (Linux's mm_context_t plus the pgd).
 *
 * Portable code keeps these by value and passes pointers to them; it never
 * looks inside: an entry's bits are read and built only by the functions
 * pgtable.h declares (arm64: arch/arm64/mmu.c), and struct arch_mm only by
 * arch/arm64/. Included only by include/pgtable.h.
 */
#pragma once

#include <types.h>

/* A VMSAv8-64 stage 1 descriptor (Arm ARM D8.3); the bits are in sysreg.h. */
typedef u64 pte_t;

struct arch_mm {
	pte_t *root; /* the level-0 table (linear-map address), loaded into TTBR0 */
	/* the ASID context: generation << 16 | ASID, 0 before the address
	 * space first runs (arch/arm64/asid.c) */
	u64 asid;
	/* the CPUs that ever had it in TTBR0 under an ASID, one bit each:
	 * only they can hold its TLB entries, so a flush when none of them
	 * but this one runs it now stays on this CPU (asid.c); bits are set,
	 * never cleared [atomic] */
	u64 cpus_seen;
	/* the CPUs that have it in TTBR0 now (set before the table is
	 * loaded, cleared after another is; asid.c) [atomic] */
	u64 cpus_active;
	/* CPUs of cpus_seen that did not run it when a flush stayed local:
	 * each flushes the ASID on its own before it runs it again [atomic] */
	u64 cpus_stale;
	/* leaf entries holding a frame (Linux's rss counters: what
	 * upt_resident_pages reports) [mm->lock] */
	u64 resident;
	/* page-table pages its tree reaches, the root included, a table still
	 * shared by fork counted in each holder (Linux's per-mm
	 * pgtables_bytes / PAGE_SIZE: what oom_badness and VmPTE count);
	 * written under mm->lock, read unlocked [atomic] */
	u64 tables;
};
