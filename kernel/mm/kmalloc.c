/*
 * kmalloc.c — the kernel heap.
 *
 * Size classes 16, 32, ..., 2048 bytes. Each class keeps a free list of
 * objects carved from whole pages; a page is never returned once carved
 * (simple, and the heap stays small in this kernel). Larger requests take
 * page blocks from the buddy allocator and keep an 16-byte header recording
 * the order. Every object's class is found from a header word before it.
 *
 * Locking: heap_lock protects the free lists.
 */
#include <kmalloc.h>

#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HEADER 16 /* keeps objects 16-byte aligned */
#define BIG_MAGIC 0xb16b10c0u
#define SMALL_MAGIC 0x5a11b10cu

struct object_header {
	u32 magic;
	u32 shift_or_order;
	u64 pad;
};

struct free_object {
	struct free_object *next;
};

static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");
static struct free_object *free_lists[NR_CLASSES]; /* [heap_lock] */
static u64 slab_pages;				   /* pages carved into objects [heap_lock] */

static unsigned size_to_shift(size_t total)
{
	unsigned shift = MIN_SHIFT;
	while ((1UL << shift) < total)
		shift++;
	return shift;
}

static bool refill(unsigned cls)
{
	char *page = page_alloc(0);
	if (!page)
		return false;
	slab_pages++;
	size_t size = 1UL << (cls + MIN_SHIFT);
	for (size_t off = 0; off + size <= PAGE_SIZE; off += size) {
		struct free_object *o = (struct free_object *)(page + off);
		o->next = free_lists[cls];
		free_lists[cls] = o;
	}
	return true;
}

static void *alloc_big(size_t total)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < total)
		order++;
	struct object_header *h = page_alloc_order(order, 0);
	if (!h)
		return NULL;
	h->magic = BIG_MAGIC;
	h->shift_or_order = order;
	return h + 1;
}

void *kmalloc(size_t size)
{
	size_t total = size + HEADER;
	if (size > (1UL << 30))
		return NULL;
	unsigned shift = size_to_shift(total);
	if (shift > MAX_SHIFT)
		return alloc_big(total);
	unsigned cls = shift - MIN_SHIFT;
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	if (!free_lists[cls] && !refill(cls)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	struct object_header *h = (struct object_header *)free_lists[cls];
	free_lists[cls] = free_lists[cls]->next;
	spin_unlock_irqrestore(&heap_lock, flags);
	h->magic = SMALL_MAGIC;
	h->shift_or_order = shift;
	return h + 1;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct object_header *h = (struct object_header *)p - 1;
	if (h->magic == BIG_MAGIC) {
		h->magic = 0;
		page_free_order(h, h->shift_or_order);
		return;
	}
	CHECK(h->magic == SMALL_MAGIC);
	h->magic = 0;
	unsigned cls = h->shift_or_order - MIN_SHIFT;
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	struct free_object *o = (struct free_object *)h;
	o->next = free_lists[cls];
	free_lists[cls] = o;
	spin_unlock_irqrestore(&heap_lock, flags);
}

u64 kmalloc_cached_pages(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	u64 n = slab_pages;
	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}
