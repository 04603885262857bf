/*
 * buddy.h — binary-buddy allocator for physical page frames.
 *
 * A zone covers npages frames from base_pfn and keeps one free list per
 * order (block of 2^order pages, order < BUDDY_MAX_ORDER, so up to 4 MiB
 * with 4 KiB pages). Blocks are naturally aligned in absolute pfn, so a
 * 2 MiB block is 2 MiB-aligned in physical memory. The per-page records are
 * memory the caller provides (buddy_meta_bytes tells how much). The zone does
 * no locking: its owner serialises calls.
 */
#pragma once

#include "types.h"

#define BUDDY_MAX_ORDER 11
#define BUDDY_NIL 0xffffffffu /* "no page" in a free-list link */

/* Free-list links: page indices relative to the zone, not pointers. */
struct buddy_link {
	u32 next;
	u32 prev;
};

/*
 * Per-page record. Only the first page of a block carries state:
 * PAGE_META_FREE or PAGE_META_ALLOCATED plus the order in the low bits.
 * Every other page (reserved, or inside a block) has flags_or_order == 0.
 */
struct page_meta {
	u32 flags_or_order;
	struct buddy_link link;
};

_Static_assert(sizeof(struct page_meta) <= 16, "keep the per-page record small");

#define PAGE_META_ORDER_MASK 0xffu
#define PAGE_META_FREE (1u << 8)
#define PAGE_META_ALLOCATED (1u << 9)

struct buddy_zone;
typedef void (*buddy_bad_free_fn)(struct buddy_zone *z, u64 pfn, unsigned order);

struct buddy_zone {
	u64 base_pfn;
	u64 npages;
	struct page_meta *meta;		/* npages records, caller-owned */
	u32 free_head[BUDDY_MAX_ORDER]; /* first free block per order, or BUDDY_NIL */
	u64 nr_free_blocks[BUDDY_MAX_ORDER];
	u64 nr_free_pages;
	/* Called by buddy_free on a bad free; the kernel points it at a panic. */
	buddy_bad_free_fn bad_free;
};

/* Bytes of page_meta needed for npages pages. */
static inline size_t buddy_meta_bytes(u64 npages)
{
	return (size_t)npages * sizeof(struct page_meta);
}

/*
 * Set up an empty zone: every page starts reserved. npages < 2^32 - 1.
 * meta must be all zero (flags_or_order 0: reserved); buddy_init does not
 * write the npages records (at boot, 262,144 of them for 1 GiB: the caller
 * clears them a page at a time with `dc zva`). A record's link is read only
 * while it heads a free block, and set when the block is put on its list.
 */
void buddy_init(struct buddy_zone *z, u64 base_pfn, u64 npages, struct page_meta *meta);

/*
 * Hand reserved pages [pfn, pfn + count) to the allocator (boot time); the
 * range is clipped to the zone, and pages already inside a free or
 * allocated block are skipped, so overlapping ranges are harmless.
 */
void buddy_free_range(struct buddy_zone *z, u64 pfn, u64 count);
/* Same result as buddy_free_range for pages that are neither free nor
 * allocated (the caller guarantees it), in O(blocks): for boot. */
void buddy_free_fresh_range(struct buddy_zone *z, u64 pfn, u64 count);

/* Allocate 2^order contiguous pages; 0 or -ENOMEM (-EINVAL for a bad order). */
int buddy_alloc(struct buddy_zone *z, unsigned order, u64 *pfn_out) __must_check;

/*
 * Free a block returned by buddy_alloc with the same order. Returns -EINVAL,
 * changing nothing, if it is not an allocated block of that order (double
 * free, wrong order, pfn outside the zone or not a block start).
 */
int buddy_free_checked(struct buddy_zone *z, u64 pfn, unsigned order) __must_check;

/* As buddy_free_checked, but a bad free calls z->bad_free (if set). */
void buddy_free(struct buddy_zone *z, u64 pfn, unsigned order);

u64 buddy_free_pages(const struct buddy_zone *z);
