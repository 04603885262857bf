/*
 * page.h — physical pages: the buddy allocator over all RAM, plus a
 * reference count per page frame (shared mappings, later copy-on-write).
 *
 * Pages are handed out as kernel virtual addresses in the linear map.
 * page_alloc() never sleeps; it returns NULL when memory is exhausted and
 * the caller turns that into -ENOMEM (or an OOM kill for a user fault).
 */
#pragma once

#include <arch.h>
#include <types.h>

/* A physical address's page frame number and back (Linux PHYS_PFN, PFN_PHYS). */
static inline u64 pa_to_pfn(paddr_t pa)
{
	return pa_addr(pa) >> PAGE_SHIFT;
}

static inline paddr_t pfn_to_pa(u64 pfn)
{
	return pa_init(pfn << PAGE_SHIFT);
}

struct mem_region {
	paddr_t base;
	u64 size;
};

#define PAGE_ZERO 1u /* flags: fill with zeros */
/* flags: a page for user memory (a fault's anonymous page or copy): refused
 * while the free pages would fall below vm.min_free_kbytes (Linux's min
 * watermark, which a GFP_HIGHUSER allocation does not go under), so the
 * kernel's own allocations still find memory while the OOM killer frees
 * some. */
#define PAGE_USER 2u

/* vm.min_free_kbytes (/proc/sys/vm/min_free_kbytes): the reserve PAGE_USER
 * allocations leave, in KiB; Linux's default for this much memory
 * (calculate_min_free_kbytes). */
int page_min_free_kbytes(void);
void page_set_min_free_kbytes(int kib);

void page_alloc_init(const struct mem_region *ram, int nr_ram, const struct mem_region *reserved, int nr_reserved);
/* Gives the allocator the whole pages inside [lo, hi), a range that was
 * reserved at boot and is no longer used (the initramfs archive once it is
 * unpacked: Linux free_initrd_mem). Nothing else may lie in those pages. */
void page_free_boot_range(paddr_t lo, paddr_t hi);
void *page_alloc(unsigned flags);
void *page_alloc_order(unsigned order, unsigned flags);
/* Up to n single pages under one hold of the allocator's lock (a file's
 * write takes a run of them), not zeroed, into kvas: how many it got. */
size_t page_alloc_many(void **kvas, size_t n);
void page_free(void *kva);
void page_free_order(void *kva, unsigned order);
/* Reference counts, for pages mapped into user space. A fresh page has 1. */
void page_get(paddr_t pa);
/* Drops a reference; frees the page when it reaches 0. */
void page_put(paddr_t pa);
/* Drops a reference without freeing the page: true when it was the last
 * (the caller then frees it with page_free). A page table fork shares. */
bool page_put_last(paddr_t pa);
/* page_get/page_put on each of pas[0..n) (a page may appear more than once):
 * a whole page table's frames at a time, for fork, exit and munmap. */
void page_get_many(const paddr_t *pas, size_t n);
void page_put_many(const paddr_t *pas, size_t n);
u32 page_refcount(paddr_t pa);

/*
 * Instruction-cache coherence of file pages (Linux's PG_dcache_clean and
 * arm64's __sync_icache_dcache; ARM ARM D7.5.9 "Data and instruction
 * cache coherence"): before a page is mapped executable its bytes are
 * cleaned to the point of unification and its stale instructions
 * invalidated. page_sync_icache does that unless it was done since the
 * page was allocated or last written by the kernel, so an executable's
 * cached pages are made coherent once, not at every exec; every kernel
 * write into a page another mapping may execute calls page_mark_written
 * after it (flush_dcache_page). User stores need no mark: a program that
 * writes code must make it coherent itself (__builtin___clear_cache), as
 * on Linux.
 */
#define PAGE_ICACHE_CLEAN 1u
void page_sync_icache(paddr_t pa);
void page_mark_written(paddr_t pa);
u64 page_free_count(void);
u64 page_total_count(void);
bool page_is_ram(paddr_t pa);
