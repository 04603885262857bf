/*
 * mmu.h — arm64 page tables (VMSAv8-64, 4 KiB granule, 4 levels, 48-bit VA).
 *
 * User address spaces are trees rooted at a level-0 table, installed in TTBR0
 * with the mm's ASID. Leaf entries at level 3 map 4 KiB pages. Intermediate
 * tables come from page_alloc() and are freed with the tree.
 */
#pragma once

#include <page.h>
#include <types.h>

/* Portable protection bits for user mappings. */
#define UPROT_READ 1u
#define UPROT_WRITE 2u
#define UPROT_EXEC 4u

typedef u64 pte_t;

/* User page tables. Functions returning int give 0 or -ENOMEM. */
pte_t *upt_alloc_root(void);
void upt_free_root(pte_t *root);
int __must_check upt_map(pte_t *root, vaddr_t va, paddr_t pa, unsigned uprot);
/* The leaf entry for va, or NULL if no table covers it (does not allocate). */
pte_t *upt_lookup(pte_t *root, vaddr_t va);
/* Unmaps [start, end): calls page_put() on every mapped page. */
void upt_unmap_range(pte_t *root, vaddr_t start, vaddr_t end);
/* mremap: allocate the tables for a range, then move every entry of
 * [from, from + len) to the same offset from `to` (frames keep their refs). */
int __must_check upt_prepare_range(pte_t *root, vaddr_t start, size_t len);
void upt_move_range(pte_t *root, vaddr_t from, vaddr_t to, size_t len);
/* Changes the protection of mapped pages in [start, end). */
void upt_protect_range(pte_t *root, vaddr_t start, vaddr_t end, unsigned uprot);
/* PROT_NONE pages keep their frame in an entry the MMU sees as invalid
 * (software bit 58, as Linux's PTE_PROT_NONE): present to the kernel, no
 * access for anyone. */
#define PTE_SW_PROT_NONE (1UL << 58)
static inline bool pte_present(pte_t e)
{
	return (e & (1UL | PTE_SW_PROT_NONE)) != 0;
}
static inline paddr_t pte_paddr(pte_t e)
{
	return e & 0x0000fffffffff000UL;
}
pte_t upt_make_pte(paddr_t pa, unsigned uprot);
bool pte_writable(pte_t e);
/* Copy-on-write (fork): shared private pages are read-only with a software mark. */
bool pte_is_cow(pte_t e);
/* The entry read-only and marked copy-on-write (a private mapping of a shared frame). */
pte_t pte_make_cow(pte_t e);
/* The entry with frame pa, writable again (the copy done, or the last user). */
pte_t pte_cow_resolved(pte_t e, paddr_t pa);
/* fork: map every page of [start, end) of src into dst too (references
 * taken); with cow, private writable pages become copy-on-write in both. */
int __must_check upt_copy_range(pte_t *src_root, pte_t *dst_root, vaddr_t start, vaddr_t end, bool cow);

void upt_activate(pte_t *root, unsigned asid);
void upt_deactivate(void);

/*
 * ASIDs (asid.c): an address space's ASID context is (generation << 16) |
 * hardware ASID, 0 before it first runs. asid_activate gives the hardware
 * ASID to load, allocating a new one when the context is from an older
 * generation; the flushes do nothing for a context of an older generation
 * (the roll-over flushed everything it had).
 */
void asid_init(void);
unsigned asid_activate(u64 *context);
void tlb_flush_page(u64 context, vaddr_t va);
void tlb_flush_asid(u64 context);
/* How many hardware ASIDs the CPU has (256 or 65536). */
unsigned asid_count(void);
