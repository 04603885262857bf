/*
 * vmap.c — large kernel allocations from pages that need not be contiguous
 * (Linux mm/vmalloc.c, what kvmalloc falls back to): the buddy allocator's
 * largest block is 4 MiB, and a big one may not be free even when memory
 * is. An allocation takes single pages and maps them side by side in the
 * vmap area (memlayout.h), read-write, never executable.
 *
 * The area is handed out in 2 MiB blocks, each one last-level page table,
 * so an allocation's pages are mapped by mmu_kmap_pages in batches that
 * never cross a table, and nothing needs to record an allocation's size:
 * the caller gives it back to arch_vmap_free (kvfree keeps it in a header).
 * The page tables made for the area stay (as kstack.c's do). Freeing
 * unmaps the pages on every CPU before they go back to the allocator.
 *
 * Locks: vmap_lock (a leaf) protects block_used; mapping and unmapping take
 * mmu.c's kernel_pt_lock, never under it.
 */
#include <arch.h>
#include <arch/mmu.h>

#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <uapi/errno.h>

#define BLOCK_SIZE (2UL << 20)
#define NR_BLOCKS (VMAP_AREA_SIZE / BLOCK_SIZE)
#define BATCH 64 /* pages mapped per mmu_kmap_pages call: divides a table's 512 */

_Static_assert((VMAP_AREA_BASE & (BLOCK_SIZE - 1)) == 0, "vmap blocks are 2 MiB aligned");

static struct spinlock vmap_lock = SPINLOCK_INIT("vmap");
static u64 block_used[NR_BLOCKS / 64]; /* bit i: block i is part of an allocation [vmap_lock] */

static bool block_is_used(unsigned long b)
{
	return block_used[b / 64] & (1UL << (b % 64));
}

static void blocks_mark(unsigned long first, unsigned long n, bool used)
{
	for (unsigned long b = first; b < first + n; b++) {
		if (used)
			block_used[b / 64] |= 1UL << (b % 64);
		else
			block_used[b / 64] &= ~(1UL << (b % 64));
	}
}

/* The first run of n free blocks, marked used; NR_BLOCKS when there is none. */
static unsigned long blocks_take(unsigned long n)
{
	unsigned long irq = spin_lock_irqsave(&vmap_lock);
	unsigned long run = 0, found = NR_BLOCKS;
	for (unsigned long b = 0; b < NR_BLOCKS && found == NR_BLOCKS; b++) {
		run = block_is_used(b) ? 0 : run + 1;
		if (run == n)
			found = b + 1 - n;
	}
	if (found != NR_BLOCKS)
		blocks_mark(found, n, true);
	spin_unlock_irqrestore(&vmap_lock, irq);
	return found;
}

static void blocks_release(unsigned long first, unsigned long n)
{
	unsigned long irq = spin_lock_irqsave(&vmap_lock);
	blocks_mark(first, n, false);
	spin_unlock_irqrestore(&vmap_lock, irq);
}

/* Unmaps the first pages pages at base and frees their frames. */
static void unmap_pages(vaddr_t base, size_t pages)
{
	for (size_t done = 0; done < pages; done += BATCH) {
		int n = (int)MIN((size_t)BATCH, pages - done);
		paddr_t pas[BATCH];
		mmu_kunmap_pages(base + done * PAGE_SIZE, pas, n);
		for (int i = 0; i < n; i++)
			page_free(phys_to_virt(pas[i]));
	}
}

/* Maps n new zeroed pages at va (inside one table); 0 or -ENOMEM with nothing left mapped. */
static int map_batch(vaddr_t va, int n)
{
	paddr_t pas[BATCH] = {0};
	int got = 0;
	for (; got < n; got++) {
		void *page = page_alloc(PAGE_ZERO);
		if (!page)
			break;
		pas[got] = virt_to_phys(page);
	}
	if (got == n && mmu_kmap_pages(va, pas, n) == 0)
		return 0;
	for (int i = 0; i < got; i++)
		page_free(phys_to_virt(pas[i]));
	return -ENOMEM;
}

void *arch_vmap_zalloc(size_t size)
{
	if (size == 0 || size > VMAP_AREA_SIZE)
		return NULL;
	size_t pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	unsigned long blocks = ALIGN_UP(size, BLOCK_SIZE) / BLOCK_SIZE;
	unsigned long first = blocks_take(blocks);
	if (first == NR_BLOCKS)
		return NULL;
	vaddr_t base = VMAP_AREA_BASE + first * BLOCK_SIZE;
	for (size_t done = 0; done < pages; done += BATCH) {
		if (map_batch(base + done * PAGE_SIZE, (int)MIN((size_t)BATCH, pages - done))) {
			unmap_pages(base, done);
			blocks_release(first, blocks);
			return NULL;
		}
	}
	return (void *)base;
}

bool arch_vmap_contains(const void *p)
{
	vaddr_t va = (vaddr_t)p;
	return va >= VMAP_AREA_BASE && va < VMAP_AREA_BASE + VMAP_AREA_SIZE;
}

void arch_vmap_free(void *base, size_t size)
{
	vaddr_t va = (vaddr_t)base;
	CHECK(arch_vmap_contains(base) && (va & (BLOCK_SIZE - 1)) == 0 && size > 0);
	unmap_pages(va, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
	blocks_release((va - VMAP_AREA_BASE) / BLOCK_SIZE, ALIGN_UP(size, BLOCK_SIZE) / BLOCK_SIZE);
}
