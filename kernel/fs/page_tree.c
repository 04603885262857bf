/*
 * page_tree.c — the radix tree of a tmpfs file's frames (page_tree.h).
 *
 * An entry at level L covers 64^L pages: at level 0 it is a frame (a
 * physical address), above it a node (a kernel address) whose 64 slots are
 * the entries of level L - 1. The root is the entry at level t->height,
 * so a tree of height 0 is page 0's frame alone. Page index is found by
 * taking 6 bits of it per level, the top ones first (Linux's xarray does
 * the same with its XA_CHUNK_SHIFT of 6). Growing adds a node above the
 * root (the old root becomes its slot 0); the tree never shrinks in
 * height, but a cut frees every node it empties whole.
 */
#include "page_tree.h"

#include <kmalloc.h>
#include <printk.h>

/* Pages an entry at level covers (64^level; level <= 10 fits in 64 bits). */
static u64 span(unsigned level)
{
	return 1UL << (PAGE_TREE_BITS * level);
}

static struct page_tree_node *node_of(u64 e)
{
	return (struct page_tree_node *)e;
}

/* The slot of the entry below n at level - 1 that holds page index. */
static unsigned slot_index(u64 index, unsigned level)
{
	return (unsigned)(index >> (PAGE_TREE_BITS * (level - 1))) & (PAGE_TREE_FANOUT - 1);
}

paddr_t page_tree_get(const struct page_tree *t, u64 index)
{
	if (index >= span(t->height))
		return PA_NONE;
	u64 e = t->root;
	for (unsigned level = t->height; level > 0 && e; level--)
		e = node_of(e)->slot[slot_index(index, level)];
	return pa_init(e); /* a frame slot holds pa_addr of the frame */
}

size_t page_tree_get_run(const struct page_tree *t, u64 index, paddr_t *out, size_t max)
{
	if (t->height == 0 || index >= span(t->height)) {
		out[0] = page_tree_get(t, index);
		return 1;
	}
	u64 e = t->root;
	for (unsigned level = t->height; level > 1 && e; level--)
		e = node_of(e)->slot[slot_index(index, level)];
	unsigned first = slot_index(index, 1);
	size_t n = MIN(max, (size_t)(PAGE_TREE_FANOUT - first));
	for (size_t i = 0; i < n; i++)
		out[i] = pa_init(e ? node_of(e)->slot[first + i] : 0);
	return n;
}

static struct page_tree_node *take_spare(struct page_tree_node **spare)
{
	struct page_tree_node *n = *spare;
	*spare = NULL;
	return n;
}

u64 *page_tree_extend(struct page_tree *t, u64 index, struct page_tree_node **spare)
{
	while (index >= span(t->height)) {
		if (!t->root) { /* empty: as tall as index needs, at once */
			while (index >= span(t->height))
				t->height++;
			break;
		}
		if (!*spare)
			return NULL;
		struct page_tree_node *n = take_spare(spare);
		n->slot[0] = t->root;
		t->root = (u64)n;
		t->height++;
	}
	u64 *e = &t->root;
	for (unsigned level = t->height; level > 0; level--) {
		if (!*e) {
			if (!*spare)
				return NULL;
			*e = (u64)take_spare(spare);
		}
		e = &node_of(*e)->slot[slot_index(index, level)];
	}
	return e;
}

/* In the entry e at level covering pages from base: the first page at or
 * after from (inside it) that holds a frame (frame set) or that does not;
 * PAGE_TREE_NONE if there is none. */
static u64 find(u64 e, unsigned level, u64 base, u64 from, bool frame)
{
	if (!e)
		return frame ? PAGE_TREE_NONE : MAX(base, from);
	if (level == 0)
		return frame ? base : PAGE_TREE_NONE;
	u64 child = span(level - 1);
	for (unsigned i = from > base ? (unsigned)((from - base) / child) : 0; i < PAGE_TREE_FANOUT; i++) {
		u64 found = find(node_of(e)->slot[i], level - 1, base + i * child, from, frame);
		if (found != PAGE_TREE_NONE)
			return found;
	}
	return PAGE_TREE_NONE;
}

u64 page_tree_next_present(const struct page_tree *t, u64 index)
{
	if (index >= span(t->height))
		return PAGE_TREE_NONE;
	return find(t->root, t->height, 0, index, true);
}

u64 page_tree_next_hole(const struct page_tree *t, u64 index)
{
	if (index >= span(t->height))
		return index;
	u64 hole = find(t->root, t->height, 0, index, false);
	return hole != PAGE_TREE_NONE ? hole : span(t->height);
}

/* Cuts [first, end) out of the entry *e at level covering pages from base;
 * false when c filled first (c->next: where to go on). */
static bool cut_entry(u64 *e, unsigned level, u64 base, u64 first, u64 end, struct page_tree_cut *c)
{
	if (!*e)
		return true;
	u64 last = base + span(level) - 1;
	if (level == 0 || (first <= base && last <= end - 1)) { /* the whole entry goes */
		bool frame = level == 0;
		if (frame ? c->nr_frames == PAGE_TREE_CUT_FRAMES : c->nr_nodes == PAGE_TREE_CUT_NODES) {
			c->next = base;
			return false;
		}
		if (frame) {
			c->frames[c->nr_frames++] = pa_init(*e);
		} else {
			c->nodes[c->nr_nodes].node = *e;
			c->nodes[c->nr_nodes++].level = level;
		}
		*e = 0;
		return true;
	}
	u64 child = span(level - 1);
	unsigned lo = first > base ? (unsigned)((first - base) / child) : 0;
	unsigned hi = end - 1 < last ? (unsigned)((end - 1 - base) / child) : PAGE_TREE_FANOUT - 1;
	for (unsigned i = lo; i <= hi; i++)
		if (!cut_entry(&node_of(*e)->slot[i], level - 1, base + i * child, first, end, c))
			return false;
	return true;
}

bool page_tree_cut(struct page_tree *t, u64 first, u64 end, struct page_tree_cut *c)
{
	c->nr_frames = c->nr_nodes = 0;
	c->next = end;
	if (first >= end || first >= span(t->height))
		return true;
	return cut_entry(&t->root, t->height, 0, first, end, c);
}

static void free_subtree(u64 e, unsigned level, void (*put_frame)(paddr_t frame, void *arg), void *arg)
{
	if (level == 0) {
		put_frame(pa_init(e), arg);
		return;
	}
	for (unsigned i = 0; i < PAGE_TREE_FANOUT; i++)
		if (node_of(e)->slot[i])
			free_subtree(node_of(e)->slot[i], level - 1, put_frame, arg);
	kfree(node_of(e));
}

void page_tree_free_cut(struct page_tree_cut *c, void (*put_frame)(paddr_t frame, void *arg), void *arg)
{
	for (size_t i = 0; i < c->nr_frames; i++)
		put_frame(c->frames[i], arg);
	for (size_t i = 0; i < c->nr_nodes; i++)
		free_subtree(c->nodes[i].node, c->nodes[i].level, put_frame, arg);
	c->nr_frames = c->nr_nodes = 0;
}
