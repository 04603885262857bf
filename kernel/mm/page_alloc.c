/*
 * page_alloc.c — the physical page allocator: one buddy zone spanning all
 * RAM (holes and reserved ranges are never freed into it), and a 32-bit
 * reference count per page frame.
 *
 * The zone's bookkeeping (buddy metadata + refcounts) is carved from the
 * first free RAM after the reserved ranges and reserved itself.
 *
 * A flags byte per page frame besides (Linux's page->flags): only
 * PAGE_ICACHE_CLEAN so far, set once a page's instructions were made
 * visible to the instruction cache and cleared by every kernel write into
 * the page and by allocation (page_sync_icache, page_mark_written).
 *
 * Locking: zone_lock protects the zone (the buddy lists). The refcount of
 * an allocated page is atomic (page_get/page_put take no lock: fork and
 * exit change one per page, Linux's page->_refcount works the same way);
 * only the step to and from 0, allocation and freeing, happens under
 * zone_lock. A refcount of 0 means nobody holds the page, so no one can
 * race with the put that reached 0 while it frees the page.
 */
#include <page.h>

#include <buddy.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>
#include <uapi/errno.h>

static struct spinlock zone_lock = SPINLOCK_INIT("page_zone");
static struct buddy_zone zone; /* [zone_lock] */
static u32 *refcounts;	       /* per pfn - base_pfn [atomic; 0 <-> 1 under zone_lock] */
static u8 *frame_flags;	       /* per pfn - base_pfn: PAGE_ICACHE_CLEAN [atomic] */
static u64 base_pfn, nr_pages;
static u64 total_usable;
static int min_free_kib; /* vm.min_free_kbytes, as written: PAGE_USER's reserve [atomic] */

static bool overlaps(paddr_t pa, u64 alen, paddr_t pb, u64 blen)
{
	u64 a = pa_addr(pa), b = pa_addr(pb);
	return a < b + blen && b < a + alen;
}

static bool is_reserved(paddr_t pa, u64 len, const struct mem_region *res, int nr)
{
	for (int i = 0; i < nr; i++)
		if (overlaps(pa, len, res[i].base, res[i].size))
			return true;
	return false;
}

/* Finds `bytes` of RAM free of every reserved range, for the bookkeeping. */
static paddr_t find_meta_space(u64 bytes, const struct mem_region *ram, int nr_ram, const struct mem_region *res,
			       int nr_res)
{
	for (int r = 0; r < nr_ram; r++) {
		u64 end = pa_addr(ram[r].base) + ram[r].size;
		for (u64 pa = pa_addr(ram[r].base); pa + bytes <= end; pa += 1UL << 21) {
			if (!is_reserved(pa_init(pa), bytes, res, nr_res))
				return pa_init(pa);
		}
	}
	panic("page_alloc: no room for %lu bytes of page metadata", (unsigned long)bytes);
}

#define MAX_HOLES 16

static void sort_regions(struct mem_region *r, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && pa_addr(r[j - 1].base) > pa_addr(r[j].base); j--) {
			struct mem_region t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
}

static void free_pages_between(paddr_t plo, paddr_t phi)
{
	u64 lo = ALIGN_UP(pa_addr(plo), PAGE_SIZE);
	u64 hi = ALIGN_DOWN(pa_addr(phi), PAGE_SIZE);
	if (hi <= lo)
		return;
	buddy_free_fresh_range(&zone, lo >> PAGE_SHIFT, (hi - lo) >> PAGE_SHIFT);
	total_usable += (hi - lo) >> PAGE_SHIFT;
}

/* Frees [lo, hi) minus the sorted, page-aligned holes. */
static void free_around_holes(u64 lo, u64 hi, const struct mem_region *holes, int nr_holes)
{
	u64 cursor = lo;
	for (int i = 0; i < nr_holes; i++) {
		u64 h_lo = ALIGN_DOWN(pa_addr(holes[i].base), PAGE_SIZE);
		u64 h_hi = ALIGN_UP(pa_addr(holes[i].base) + holes[i].size, PAGE_SIZE);
		if (h_hi <= cursor)
			continue;
		if (h_lo >= hi)
			break;
		if (h_lo > cursor)
			free_pages_between(pa_init(cursor), pa_init(h_lo));
		cursor = MAX(cursor, h_hi);
	}
	if (cursor < hi)
		free_pages_between(pa_init(cursor), pa_init(hi));
}

void page_alloc_init(const struct mem_region *ram, int nr_ram, const struct mem_region *reserved, int nr_reserved)
{
	u64 lo = ~0UL, hi = 0; /* the span of RAM */
	for (int i = 0; i < nr_ram; i++) {
		lo = MIN(lo, pa_addr(ram[i].base));
		hi = MAX(hi, pa_addr(ram[i].base) + ram[i].size);
	}
	base_pfn = lo >> PAGE_SHIFT;
	nr_pages = (hi - lo) >> PAGE_SHIFT;

	u64 meta_bytes = ALIGN_UP(nr_pages * sizeof(struct page_meta), 64);
	u64 total_bytes = ALIGN_UP(meta_bytes + nr_pages * (sizeof(u32) + sizeof(u8)), PAGE_SIZE);
	paddr_t meta_pa = find_meta_space(total_bytes, ram, nr_ram, reserved, nr_reserved);
	struct page_meta *meta = phys_to_virt(meta_pa);
	refcounts = (u32 *)((char *)meta + meta_bytes);
	frame_flags = (u8 *)(refcounts + nr_pages);
	for (u64 off = 0; off < total_bytes; off += PAGE_SIZE) /* 5 MiB for 1 GiB: `dc zva`, not stores */
		arch_clear_page((char *)meta + off);

	buddy_init(&zone, base_pfn, nr_pages, meta);
	struct mem_region holes[MAX_HOLES];
	int nr_holes = 0;
	for (int i = 0; i < nr_reserved && nr_holes < MAX_HOLES - 1; i++)
		if (reserved[i].size)
			holes[nr_holes++] = reserved[i];
	holes[nr_holes++] = (struct mem_region){meta_pa, total_bytes};
	sort_regions(holes, nr_holes);
	for (int i = 0; i < nr_ram; i++)
		free_around_holes(pa_addr(ram[i].base), pa_addr(ram[i].base) + ram[i].size, holes, nr_holes);
	printk(KERN_INFO "memory: %lu MiB RAM, %lu pages free", (unsigned long)((hi - lo) >> 20),
	       (unsigned long)buddy_free_pages(&zone));
	/* Linux calculate_min_free_kbytes: the square root of 16 times the
	 * free KiB, at least 128 KiB and at most 256 MiB */
	u64 kib16 = buddy_free_pages(&zone) * (PAGE_SIZE / 1024) * 16, root = 0;
	while ((root + 1) * (root + 1) <= kib16)
		root++;
	page_set_min_free_kbytes((int)MIN(MAX(root, 128), 262144));
}

int page_min_free_kbytes(void)
{
	return __atomic_load_n(&min_free_kib, __ATOMIC_RELAXED);
}

void page_set_min_free_kbytes(int kib)
{
	__atomic_store_n(&min_free_kib, kib, __ATOMIC_RELAXED);
}

void page_free_boot_range(paddr_t lo, paddr_t hi)
{
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	free_pages_between(lo, hi);
	spin_unlock_irqrestore(&zone_lock, irq);
}

void *page_alloc_order(unsigned order, unsigned flags)
{
	u64 pfn;
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	int err = -ENOMEM;
	if (!(flags & PAGE_USER) ||
	    buddy_free_pages(&zone) >= (u64)page_min_free_kbytes() * 1024 / PAGE_SIZE + (1UL << order))
		err = buddy_alloc(&zone, order, &pfn);
	if (!err) {
		for (u64 i = 0; i < (1UL << order); i++) {
			__atomic_store_n(&refcounts[pfn - base_pfn + i], 1, __ATOMIC_RELAXED);
			__atomic_store_n(&frame_flags[pfn - base_pfn + i], 0, __ATOMIC_RELAXED);
		}
	}
	spin_unlock_irqrestore(&zone_lock, irq);
	if (err)
		return NULL;
	void *kva = phys_to_virt(pfn_to_pa(pfn));
	if (flags & PAGE_ZERO) {
		for (u64 i = 0; i < (1UL << order); i++)
			arch_clear_page((char *)kva + i * PAGE_SIZE);
	}
	return kva;
}

void *page_alloc(unsigned flags)
{
	return page_alloc_order(0, flags);
}

size_t page_alloc_many(void **kvas, size_t n)
{
	size_t got = 0;
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	for (u64 pfn; got < n && buddy_alloc(&zone, 0, &pfn) == 0; got++) {
		__atomic_store_n(&refcounts[pfn - base_pfn], 1, __ATOMIC_RELAXED);
		__atomic_store_n(&frame_flags[pfn - base_pfn], 0, __ATOMIC_RELAXED);
		kvas[got] = phys_to_virt(pfn_to_pa(pfn));
	}
	spin_unlock_irqrestore(&zone_lock, irq);
	return got;
}

void page_free_order(void *kva, unsigned order)
{
	u64 pfn = pa_to_pfn(virt_to_phys(kva));
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	for (u64 i = 0; i < (1UL << order); i++)
		__atomic_store_n(&refcounts[pfn - base_pfn + i], 0, __ATOMIC_RELAXED);
	buddy_free(&zone, pfn, order);
	spin_unlock_irqrestore(&zone_lock, irq);
}

void page_free(void *kva)
{
	page_free_order(kva, 0);
}

bool page_is_ram(paddr_t pa)
{
	u64 pfn = pa_to_pfn(pa);
	return pfn >= base_pfn && pfn < base_pfn + nr_pages;
}

static inline __attribute__((always_inline)) u32 *refcount_of(paddr_t pa)
{
	CHECK(page_is_ram(pa));
	return &refcounts[pa_to_pfn(pa) - base_pfn];
}

void page_sync_icache(paddr_t pa)
{
	CHECK(page_is_ram(pa));
	u8 *flags = &frame_flags[pa_to_pfn(pa) - base_pfn];
	if (__atomic_load_n(flags, __ATOMIC_ACQUIRE) & PAGE_ICACHE_CLEAN)
		return;
	arch_sync_icache((vaddr_t)phys_to_virt(pa), PAGE_SIZE);
	__atomic_fetch_or(flags, PAGE_ICACHE_CLEAN, __ATOMIC_RELEASE);
}

void page_mark_written(paddr_t pa)
{
	CHECK(page_is_ram(pa));
	u8 *flags = &frame_flags[pa_to_pfn(pa) - base_pfn];
	if (__atomic_load_n(flags, __ATOMIC_RELAXED) & PAGE_ICACHE_CLEAN)
		__atomic_fetch_and(flags, (u8)~PAGE_ICACHE_CLEAN, __ATOMIC_RELEASE);
}

/* Takes a reference; only a holder may take another one. */
static inline __attribute__((always_inline)) void ref_inc(paddr_t pa)
{
	u32 old = __atomic_fetch_add(refcount_of(pa), 1, __ATOMIC_RELAXED);
	CHECK(old > 0);
}

/* Drops a reference; true if it was the last (the caller frees the page). */
static inline __attribute__((always_inline)) bool ref_dec(paddr_t pa)
{
	/* release: our writes to the page happen before whoever frees it */
	u32 old = __atomic_fetch_sub(refcount_of(pa), 1, __ATOMIC_ACQ_REL);
	CHECK(old > 0);
	return old == 1;
}

void page_get(paddr_t pa)
{
	ref_inc(pa);
}

void page_put(paddr_t pa)
{
	if (!ref_dec(pa))
		return;
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	buddy_free(&zone, pa_to_pfn(pa), 0);
	spin_unlock_irqrestore(&zone_lock, irq);
}

bool page_put_last(paddr_t pa)
{
	return ref_dec(pa);
}

void page_get_many(const paddr_t *pas, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ref_inc(pas[i]);
}

/* Frees the pages whose last reference it dropped under one hold of zone_lock
 * per 64 pages (exit and munmap drop a table's worth at a time). */
void page_put_many(const paddr_t *pas, size_t n)
{
	for (size_t base = 0; base < n; base += 64) {
		size_t count = MIN(n - base, (size_t)64);
		u64 last_refs = 0; /* bit i: we dropped the last reference of pas[base + i] */
		for (size_t i = 0; i < count; i++)
			if (ref_dec(pas[base + i]))
				last_refs |= 1UL << i;
		if (!last_refs)
			continue;
		unsigned long irq = spin_lock_irqsave(&zone_lock);
		for (size_t i = 0; i < count; i++)
			if (last_refs & (1UL << i))
				buddy_free(&zone, pa_to_pfn(pas[base + i]), 0);
		spin_unlock_irqrestore(&zone_lock, irq);
	}
}

u32 page_refcount(paddr_t pa)
{
	return __atomic_load_n(&refcounts[pa_to_pfn(pa) - base_pfn], __ATOMIC_RELAXED);
}

u64 page_free_count(void)
{
	unsigned long irq = spin_lock_irqsave(&zone_lock);
	u64 n = buddy_free_pages(&zone);
	spin_unlock_irqrestore(&zone_lock, irq);
	return n;
}

u64 page_total_count(void)
{
	return total_usable;
}
