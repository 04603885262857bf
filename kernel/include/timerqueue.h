/*
 * timerqueue.h — the earliest-first queue of kernel timers: an intrusive
 * binary min-heap (Linux keeps hrtimers in an rbtree, timerqueue.h; a heap
 * is enough, as only the earliest is ever asked for).
 *
 * Each node lives inside its owner (struct ktimer) and links to its parent
 * and children; a node's place in the complete tree is found from the
 * number of nodes (the bits of a position, below the top one, spell the way
 * down from the root: 0 left, 1 right), so nothing is allocated. Insert,
 * remove (of any node) and taking the earliest are O(log n): with a thousand
 * sleeping tasks each re-arming its timer, the sorted list this replaces
 * walked the whole list on every arm. Ties go to the earlier insert (seq),
 * as Linux's rbtree puts an equal key to the right.
 *
 * No locking here: the caller's (time.c: timer_lock).
 */
#pragma once

#include <types.h>

struct tq_node {
	struct tq_node *left, *right, *parent;
	u64 key; /* the deadline */
	u64 seq; /* insertion order, for ties */
};

struct timerqueue {
	struct tq_node *root; /* the earliest, NULL when empty */
	u64 count;
	u64 next_seq;
};

void timerqueue_add(struct timerqueue *q, struct tq_node *n);
void timerqueue_del(struct timerqueue *q, struct tq_node *n);

/* The earliest node, NULL when empty. */
static inline struct tq_node *timerqueue_first(const struct timerqueue *q)
{
	return q->root;
}
