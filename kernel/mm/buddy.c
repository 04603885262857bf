/*
 * buddy.c — binary-buddy page allocator (see buddy.h).
 *
 * Invariants:
 *  - a free block of order k starts at a pfn aligned to 2^k, lies wholly
 *    inside the zone, is on free list k, and its head record is FREE|k;
 *  - an allocated block's head record is ALLOCATED|k; all other records
 *    (tails, reserved pages) are 0;
 *  - two free buddies of the same order never coexist: freeing merges them.
 * The buddy of block (pfn, k) is pfn ^ 2^k. Checking the head record alone
 * makes double-free detection O(1).
 */
#include "buddy.h"

#include "uapi/errno.h"

static struct page_meta *meta_of(struct buddy_zone *z, u64 pfn)
{
	return &z->meta[pfn - z->base_pfn];
}

static bool block_in_zone(const struct buddy_zone *z, u64 pfn, unsigned order)
{
	u64 n = 1ull << order;

	return pfn >= z->base_pfn && pfn - z->base_pfn <= z->npages && n <= z->npages - (pfn - z->base_pfn);
}

static void list_push(struct buddy_zone *z, u64 pfn, unsigned order)
{
	u32 idx = (u32)(pfn - z->base_pfn);
	u32 head = z->free_head[order];
	struct page_meta *m = &z->meta[idx];

	m->flags_or_order = PAGE_META_FREE | order;
	m->link.prev = BUDDY_NIL;
	m->link.next = head;
	if (head != BUDDY_NIL)
		z->meta[head].link.prev = idx;
	z->free_head[order] = idx;
	z->nr_free_blocks[order]++;
	z->nr_free_pages += 1ull << order;
}

static void list_remove(struct buddy_zone *z, u64 pfn, unsigned order)
{
	u32 idx = (u32)(pfn - z->base_pfn);
	struct page_meta *m = &z->meta[idx];

	if (m->link.prev != BUDDY_NIL)
		z->meta[m->link.prev].link.next = m->link.next;
	else
		z->free_head[order] = m->link.next;
	if (m->link.next != BUDDY_NIL)
		z->meta[m->link.next].link.prev = m->link.prev;
	m->flags_or_order = 0;
	m->link.next = m->link.prev = BUDDY_NIL;
	z->nr_free_blocks[order]--;
	z->nr_free_pages -= 1ull << order;
}

void buddy_init(struct buddy_zone *z, u64 base_pfn, u64 npages, struct page_meta *meta)
{
	if (npages >= BUDDY_NIL)
		npages = BUDDY_NIL - 1; /* indices must fit a u32 link */
	z->base_pfn = base_pfn;
	z->npages = npages;
	z->meta = meta;
	z->nr_free_pages = 0;
	z->bad_free = NULL;
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++) {
		z->free_head[k] = BUDDY_NIL;
		z->nr_free_blocks[k] = 0;
	}
}

/* Insert a block that belongs to nobody, merging with free buddies. */
static void free_and_merge(struct buddy_zone *z, u64 pfn, unsigned order)
{
	while (order + 1 < BUDDY_MAX_ORDER) {
		u64 buddy = pfn ^ (1ull << order);
		if (!block_in_zone(z, buddy, order) || meta_of(z, buddy)->flags_or_order != (PAGE_META_FREE | order))
			break;
		list_remove(z, buddy, order);
		pfn &= ~(1ull << order);
		order++;
	}
	list_push(z, pfn, order);
}

/* Is pfn inside some free or allocated block (rather than reserved)? */
static bool page_in_block(struct buddy_zone *z, u64 pfn)
{
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++) {
		u64 head = pfn & ~((1ull << k) - 1);
		u32 f;

		if (head < z->base_pfn)
			break;
		f = meta_of(z, head)->flags_or_order;
		if ((f & (PAGE_META_FREE | PAGE_META_ALLOCATED)) && pfn - head < (1ull << (f & PAGE_META_ORDER_MASK)))
			return true;
	}
	return false;
}

void buddy_free_range(struct buddy_zone *z, u64 pfn, u64 count)
{
	u64 end = pfn + count;
	u64 zone_end = z->base_pfn + z->npages;

	if (end < pfn)
		end = UINT64_MAX; /* clamp a wrapping range */
	pfn = MAX(pfn, z->base_pfn);
	end = MIN(end, zone_end);
	/*
	 * Page by page, so a page already free or allocated is skipped instead
	 * of being inserted twice; merging rebuilds the large blocks. Cost is
	 * O(pages * BUDDY_MAX_ORDER), paid once at boot.
	 */
	for (; pfn < end; pfn++) {
		if (!page_in_block(z, pfn))
			free_and_merge(z, pfn, 0);
	}
}

/*
 * The boot-time fast path: the caller guarantees that no page of the range
 * is free or allocated already (so no per-page check is needed), and the
 * range is handed over in maximal aligned blocks: O(blocks), not O(pages).
 */
void buddy_free_fresh_range(struct buddy_zone *z, u64 pfn, u64 count)
{
	u64 end = pfn + count;
	u64 zone_end = z->base_pfn + z->npages;

	if (end < pfn)
		end = UINT64_MAX;
	pfn = MAX(pfn, z->base_pfn);
	end = MIN(end, zone_end);
	while (pfn < end) {
		unsigned order = 0;
		while (order + 1 < BUDDY_MAX_ORDER && (pfn & ((2ull << order) - 1)) == 0 &&
		       pfn + (2ull << order) <= end)
			order++;
		free_and_merge(z, pfn, order);
		pfn += 1ull << order;
	}
}

int buddy_alloc(struct buddy_zone *z, unsigned order, u64 *pfn_out)
{
	unsigned k = order;
	u64 pfn;

	if (order >= BUDDY_MAX_ORDER)
		return -EINVAL;
	while (k < BUDDY_MAX_ORDER && z->free_head[k] == BUDDY_NIL)
		k++;
	if (k == BUDDY_MAX_ORDER)
		return -ENOMEM;
	pfn = z->base_pfn + z->free_head[k];
	list_remove(z, pfn, k);
	while (k > order) {
		k--;
		list_push(z, pfn + (1ull << k), k); /* the upper half stays free */
	}
	meta_of(z, pfn)->flags_or_order = PAGE_META_ALLOCATED | order;
	*pfn_out = pfn;
	return 0;
}

int buddy_free_checked(struct buddy_zone *z, u64 pfn, unsigned order)
{
	if (order >= BUDDY_MAX_ORDER || !block_in_zone(z, pfn, order))
		return -EINVAL;
	if (meta_of(z, pfn)->flags_or_order != (PAGE_META_ALLOCATED | order))
		return -EINVAL;
	meta_of(z, pfn)->flags_or_order = 0;
	free_and_merge(z, pfn, order);
	return 0;
}

void buddy_free(struct buddy_zone *z, u64 pfn, unsigned order)
{
	if (buddy_free_checked(z, pfn, order) && z->bad_free)
		z->bad_free(z, pfn, order);
}

u64 buddy_free_pages(const struct buddy_zone *z)
{
	return z->nr_free_pages;
}
