/*
 * page_tree.h — which frame holds each page of a tmpfs file (page_tree.c).
 *
 * A radix tree of 64-way nodes, as tall as the highest page needs: a file
 * of one page needs no node, 16 MiB two levels, the largest file Linux
 * allows (MAX_LFS_FILESIZE, 2^63 - 1 bytes) nine. Holes cost nothing, so a
 * byte written at 1 TiB takes one frame and five nodes.
 *
 * The functions do not lock: the owner's lock (tmpfs's pages->lock, a
 * spinlock) is held around every call but page_tree_free_cut, and nothing
 * here allocates. A path missing for a new page is built from nodes the
 * caller allocated beforehand (page_tree_extend), and pages leave in
 * batches (page_tree_cut) whose frames and detached nodes the caller frees
 * after releasing its lock.
 */
#pragma once

#include <types.h>

#define PAGE_TREE_BITS 6
#define PAGE_TREE_FANOUT (1 << PAGE_TREE_BITS)
#define PAGE_TREE_NONE (~0UL) /* no such page (page_tree_next_present) */

struct page_tree_node {
	u64 slot[PAGE_TREE_FANOUT]; /* frames at the lowest level, else nodes; 0: nothing */
};

struct page_tree {
	u64 root;	 /* height 0: the frame of page 0; else the top node; 0: none */
	unsigned height; /* the tree holds pages [0, 64^height) */
};

/* The frame of page index, 0 for a hole. */
paddr_t page_tree_get(const struct page_tree *t, u64 index);
/* The frames of pages index, index + 1, ... into out (0 for a hole): at
 * least one, at most max, never past the end of one lowest-level node. */
size_t page_tree_get_run(const struct page_tree *t, u64 index, paddr_t *out, size_t max);

/* Builds the path to page index, taking nodes from *spare (a zeroed node or
 * NULL; set to NULL once used). Returns the slot for its frame, or NULL
 * when another node is needed: allocate one and call again. */
u64 *page_tree_extend(struct page_tree *t, u64 index, struct page_tree_node **spare);

/* The first page at or after index that holds a frame (PAGE_TREE_NONE:
 * none), or that does not (a hole: there is always one). */
u64 page_tree_next_present(const struct page_tree *t, u64 index);
u64 page_tree_next_hole(const struct page_tree *t, u64 index);

/* Pages taken out of a tree by page_tree_cut: frames, and whole subtrees
 * (nodes with what hangs below them) detached at once. */
#define PAGE_TREE_CUT_FRAMES 32
#define PAGE_TREE_CUT_NODES 8
struct page_tree_cut {
	paddr_t frames[PAGE_TREE_CUT_FRAMES];
	size_t nr_frames;
	struct {
		u64 node;
		unsigned level;
	} nodes[PAGE_TREE_CUT_NODES];
	size_t nr_nodes;
	u64 next; /* where the cut stopped, when the batch filled */
};

/* Takes pages [first, end) out of the tree into c (emptied first) until
 * c is full; true when the range is done, false to call again from c->next
 * after page_tree_free_cut. */
bool page_tree_cut(struct page_tree *t, u64 first, u64 end, struct page_tree_cut *c);
/* After the owner's lock is released: put_frame(frame, arg) for each frame
 * in c (detached subtrees included), and frees the nodes. */
void page_tree_free_cut(struct page_tree_cut *c, void (*put_frame)(paddr_t frame, void *arg), void *arg);
