/*
 * pgtable.h — the portable page-table interface: how mm/ builds, reads and
 * changes a user address space's page table, and keeps the TLB in step.
 *
 * The architecture gives two types (arm64: arch/pgtable_types.h):
 *   pte_t           one leaf entry (a 4 KiB page); its bits are private to
 *                   the architecture, read and made only by the pte_*
 *                   functions below;
 *   struct arch_mm  its part of an address space, kept inside struct mm
 *                   (Linux's mm_context_t and pgd: the table root, the ASID).
 * Everything else is a function, implemented by arch/<name>/ (arm64:
 * mmu.c for tables and entries, asid.c for the TLB).
 *
 * Rules for callers (mm/vm.c): the address space's mm->lock is held for
 * every call that takes a struct arch_mm, except upt_create/upt_destroy on an
 * address space nobody else can see. An entry is changed only through
 * pte_set or the upt_* range functions; after an entry that the CPU may have
 * cached changes (unmapped, made read-only, given another frame), the caller
 * flushes it with arch_flush_tlb_page/range/mm before the lock is dropped —
 * but for upt_unmap_range, upt_zap_file_range and upt_free_tables, which
 * return with what they cleared flushed from every TLB. Making an entry
 * valid where there was none needs no flush; making one more permissive
 * with the same frame needs only arch_flush_tlb_page_local.
 *
 * Frames: upt_unmap_range drops (page_put) the reference of every frame it
 * unmaps, after flushing the entries it cleared from every CPU's TLB (a
 * thread running elsewhere must not reach a frame given to someone else;
 * Linux's mmu_gather);
 * upt_copy_range takes one (page_get) for every frame it copies; upt_map
 * and pte_set neither take nor drop one (the caller owns it).
 *
 * This header and include/arch.h are the only portable headers that include
 * <arch/...> (tools/check-layers).
 */
#pragma once

#include <types.h>
#include <arch/pgtable_types.h>

/* Protection of a user mapping (the VMA's prot), portable bits. */
#define UPROT_READ 1u
#define UPROT_WRITE 2u
#define UPROT_EXEC 4u

/* ---- the table of an address space; int results are 0 or -ENOMEM ---------- */

/* An empty user page table (ASID context 0: none yet). */
int __must_check upt_create(struct arch_mm *am);
/* Frees the table pages and drops the reference of every frame still mapped. */
void upt_destroy(struct arch_mm *am);
/* Maps the page at va to frame pa with uprot (tables allocated as needed). */
int __must_check upt_map(struct arch_mm *am, vaddr_t va, paddr_t pa, unsigned uprot);
/* The leaf entry for va, or NULL if no table covers it (does not allocate). */
pte_t *upt_lookup(struct arch_mm *am, vaddr_t va);
/* Unmaps [start, end): calls page_put() on every mapped page. */
void upt_unmap_range(struct arch_mm *am, vaddr_t start, vaddr_t end);
/* munmap (Linux's free_pgtables): frees the tables covering [start, end)
 * that map nothing, given that nothing is mapped in [floor, ceiling) (the
 * neighbouring VMAs' ends); flushes the TLB before the pages go. */
void upt_free_tables(struct arch_mm *am, vaddr_t start, vaddr_t end, vaddr_t floor, vaddr_t ceiling);
/* mremap: allocate the tables for a range, then move every entry of
 * [from, from + len) to the same offset from `to` (frames keep their refs). */
int __must_check upt_prepare_range(struct arch_mm *am, vaddr_t start, size_t len);
void upt_move_range(struct arch_mm *am, vaddr_t from, vaddr_t to, size_t len);
/* Changes the protection of mapped pages in [start, end); copy-on-write
 * pages stay copy-on-write (read-only). */
void upt_protect_range(struct arch_mm *am, vaddr_t start, vaddr_t end, unsigned uprot);
/* fork may share a last-level table between address spaces (copy-on-write
 * of the table itself, arch/arm64/mmu.c); the first change either makes in
 * it copies it. The range functions above that return nothing do that
 * copy without failing only for tables this made the address space's own
 * first: every table overlapping [start, end). */
int __must_check upt_own_range(struct arch_mm *am, vaddr_t start, vaddr_t end);
/* Truncation and hole punching (vm_unmap_file_*): unmaps the entries of
 * [start, end) of a file mapping but those keep (optional) is true for,
 * and never fails for memory: a table fork shared that cannot be copied
 * is changed in place, for every address space holding it (arm64/mmu.c
 * says why that is right), every TLB flushed before the frames go. True
 * then: the other holders' resident counts need upt_recount_resident. */
bool upt_zap_file_range(struct arch_mm *am, vaddr_t start, vaddr_t end, bool (*keep)(paddr_t pa, vaddr_t va, void *arg),
			void *keep_arg);
/* Counts the resident set (upt_resident_pages) again from the tables. */
void upt_recount_resident(struct arch_mm *am);
/* fork: map every page of [start, end) of src into dst too (references
 * taken, or the table shared); with cow, private writable pages become
 * copy-on-write in both. */
int __must_check upt_copy_range(struct arch_mm *src, struct arch_mm *dst, vaddr_t start, vaddr_t end, bool cow);

/* Leaf entries that hold a frame (mapped or PROT_NONE) other than the zero
 * page (vm_is_zero_page): the resident set (Linux's get_mm_rss), kept by
 * upt_map, upt_unmap_range and upt_copy_range. */
u64 upt_resident_pages(const struct arch_mm *am);
/* Page-table pages of am (its pgtables_bytes / PAGE_SIZE), read unlocked. */
u64 upt_table_count(const struct arch_mm *am);
/* Page-table pages of every user address space (/proc/meminfo PageTables). */
u64 upt_table_pages(void);
/* The resident set after an entry changed in place (pte_set) from the zero
 * page to a frame of its own: copy-on-write of fresh memory (cow_page); and
 * after a breaking entry (pte_mkbreaking) of a counted frame was unmapped. */
void upt_resident_inc(struct arch_mm *am);
void upt_resident_dec(struct arch_mm *am);

/* ---- one entry ---------------------------------------------------------------- */

/* An entry holds a frame: mapped, or PROT_NONE (a frame the MMU cannot
 * reach, as Linux's PTE_PROT_NONE). */
bool pte_present(pte_t e);
paddr_t pte_paddr(pte_t e);
bool pte_writable(pte_t e);
/* The entry mapping frame pa with uprot (UPROT_* 0: PROT_NONE). */
pte_t upt_make_pte(paddr_t pa, unsigned uprot);
/* Copy-on-write (fork): shared private pages are read-only with a software mark. */
bool pte_is_cow(pte_t e);
/* The entry read-only and marked copy-on-write (a private mapping of a shared frame). */
pte_t pte_make_cow(pte_t e);
/* The entry with frame pa, writable again (the copy done, or the last user). */
pte_t pte_cow_resolved(pte_t e, paddr_t pa);
/*
 * The "break" of break-before-make (Arm ARM D8.14.1) while a copy-on-write
 * break flushes the old entry with mm->lock dropped (vm.c cow_copy): the
 * entry made invalid, so no CPU can cache it, but remembered with its frame
 * (whose reference it keeps). Not pte_present; walkers that would fill the
 * slot skip it, a fault on it waits, unmapping clears it (and nothing else:
 * the breaker, finding its entry gone, puts the frame), and fork and mremap
 * wait until none is left (mm.h cow_breaks).
 */
pte_t pte_mkbreaking(pte_t e);
bool pte_is_breaking(pte_t e);
/* Present, or breaking: the page is resident at pte_paddr either way (what
 * mincore, /proc/PID/pagemap and smaps report: a copy-on-write copy under
 * way replaces the frame, it never leaves the page absent). */
bool pte_resident(pte_t e);

/* The entry's accessed flag (arm64 AF; Linux's pte_young): set when the entry
 * is made and by the fault an access through a cleared one takes (the
 * MMU of ARMv8.0 does not set it, mm_handle_fault does). */
bool pte_young(pte_t e);
pte_t pte_mkyoung(pte_t e);
/* Clears the accessed flag of every present entry of [start, end) (Linux's
 * clear_refs: ptep_test_and_clear_young); the caller owns the range first
 * (upt_own_range) and flushes the TLB. */
void upt_clear_young_range(struct arch_mm *am, vaddr_t start, vaddr_t end);
/* Stores e into the entry upt_lookup gave (Linux's set_pte). */
void pte_set(pte_t *ptep, pte_t e);

/* ---- the TLB (arm64: asid.c) ------------------------------------------------- */

/* Drop what any CPU's TLB holds of this address space's page va / range /
 * whole space (Linux's flush_tlb_page, flush_tlb_range, flush_tlb_mm). */
void arch_flush_tlb_page(struct arch_mm *am, vaddr_t va);
void arch_flush_tlb_range(struct arch_mm *am, vaddr_t start, vaddr_t end);
void arch_flush_tlb_mm(struct arch_mm *am);
/* Drop what this CPU's TLB holds of page va: after an entry was made more
 * permissive with the same frame (a copy-on-write page that became the
 * mapping's own), whose stale entries on other CPUs can only cause a
 * permission fault, which calls this again there (Linux's
 * flush_tlb_fix_spurious_fault). */
void arch_flush_tlb_page_local(struct arch_mm *am, vaddr_t va);
/* Does another CPU run this address space now (so a flush would be a
 * broadcast)? A hint, read without ordering: the flush decides again. */
bool arch_tlb_active_elsewhere(struct arch_mm *am);
