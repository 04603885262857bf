/*
 * kmalloc.c — the kernel heap.
 *
 * Size classes 16, 32, ..., 2048 bytes carved from single pages, and four
 * classes carved from page blocks so that the block divides well: 1,632
 * bytes (5 in 2 pages), 2,720 bytes (3 in 2 pages), 3,632 bytes (9 in 8
 * pages) and 4,112 bytes (7 in 8 pages). Without them a 1,536-byte `struct
 * task` took 2 KiB, a 2,080-byte `struct sighand` or what was then a
 * 3,304-byte `struct thread_group` a whole page each, and every path name
 * copied in (PATH_MAX bytes and the header) an order-1 block from the buddy
 * allocator, cleared, on every open and stat (Linux gives such objects their
 * own slab caches; kmem_cache_create, names_cache). Each class keeps a free list of
 * objects; a block is never returned once carved (simple, and the heap stays
 * small in this kernel). Larger requests take page blocks from the buddy
 * allocator and keep a 16-byte header recording the order. Every object's
 * class is found from a header word before it; sizes include that header.
 * kvzalloc falls back to the vmap area (arch_vmap_zalloc) when no block
 * is big enough, with the same header recording the size.
 *
 * Locking: heap_lock protects the free lists and slab_pages.
 */
#include <kmalloc.h>

#include <arch.h>
#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>

#define HEADER 16 /* keeps objects 16-byte aligned */
#define BIG_MAGIC 0xb16b10c0u
#define SMALL_MAGIC 0x5a11b10cu
#define VMAP_MAGIC 0x7a11b10cu

/* Object sizes (header included, multiples of 16, ascending) and the order
 * of the page blocks they are carved from. */
static const struct {
	u32 size;
	u32 order;
} classes[] = {
	{16, 0},   {32, 0},   {64, 0},	 {128, 0},  {256, 0},  {512, 0},
	{1024, 0}, {1632, 1}, {2048, 0}, {2720, 1}, {3632, 3}, {4112, 3},
};

#define NR_CLASSES (sizeof(classes) / sizeof(classes[0]))

struct object_header {
	u32 magic;
	u32 class_or_order; /* SMALL_MAGIC: index in classes; BIG_MAGIC: page order */
	u64 pad;	    /* VMAP_MAGIC: the bytes mapped, header included */
};

struct free_object {
	struct free_object *next;
};

static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");
static struct free_object *free_lists[NR_CLASSES]; /* [heap_lock] */
static u64 slab_pages;				   /* pages carved into objects [heap_lock] */

/* The smallest class holding total bytes, or NR_CLASSES if none does. */
static unsigned size_to_class(size_t total)
{
	unsigned cls = 0;
	while (cls < NR_CLASSES && classes[cls].size < total)
		cls++;
	return cls;
}

static bool refill(unsigned cls)
{
	char *block = page_alloc_order(classes[cls].order, 0);
	if (!block)
		return false;
	size_t bytes = PAGE_SIZE << classes[cls].order, size = classes[cls].size;
	slab_pages += 1UL << classes[cls].order;
	for (size_t off = 0; off + size <= bytes; off += size) {
		struct free_object *o = (struct free_object *)(block + off);
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
	h->class_or_order = order;
	return h + 1;
}

void *kmalloc(size_t size)
{
	size_t total = size + HEADER;
	if (size > (1UL << 30))
		return NULL;
	unsigned cls = size_to_class(total);
	if (cls == NR_CLASSES)
		return alloc_big(total);
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	if (!free_lists[cls] && !refill(cls)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	struct object_header *h = (struct object_header *)free_lists[cls];
	free_lists[cls] = free_lists[cls]->next;
	spin_unlock_irqrestore(&heap_lock, flags);
	h->magic = SMALL_MAGIC;
	h->class_or_order = cls;
	return h + 1;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

char *kstrdup(const char *s)
{
	size_t len = strlen(s);
	char *copy = kmalloc(len + 1);
	if (copy)
		memcpy(copy, s, len + 1);
	return copy;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct object_header *h = (struct object_header *)p - 1;
	if (h->magic == BIG_MAGIC) {
		h->magic = 0;
		page_free_order(h, h->class_or_order);
		return;
	}
	CHECK(h->magic == SMALL_MAGIC);
	h->magic = 0;
	unsigned cls = h->class_or_order;
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	struct free_object *o = (struct free_object *)h;
	o->next = free_lists[cls];
	free_lists[cls] = o;
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* kvzalloc's vmap path keeps the size in a header as kmalloc does (the
 * object starts HEADER bytes into the first page). */
void *kvzalloc(size_t size)
{
	void *p = kzalloc(size);
	if (p || size > (1UL << 30))
		return p;
	struct object_header *h = arch_vmap_zalloc(size + HEADER);
	if (!h)
		return NULL;
	h->magic = VMAP_MAGIC;
	h->pad = size + HEADER;
	return h + 1;
}

void kvfree(void *p)
{
	if (!p || !arch_vmap_contains(p)) {
		kfree(p);
		return;
	}
	struct object_header *h = (struct object_header *)p - 1;
	CHECK(h->magic == VMAP_MAGIC);
	arch_vmap_free(h, h->pad);
}

u64 kmalloc_cached_pages(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	u64 n = slab_pages;
	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}
