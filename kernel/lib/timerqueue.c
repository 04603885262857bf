/*
 * timerqueue.c — the intrusive min-heap of timerqueue.h.
 *
 * Positions are 1-based in level order: the root is 1, the children of p
 * are 2p and 2p+1, the last node is at position count. Moving a node up or
 * down swaps it with a neighbour by relinking both (the nodes stay where
 * their owners put them), so the work is a handful of pointer stores per
 * level.
 */
#include <timerqueue.h>

static bool before(const struct tq_node *a, const struct tq_node *b)
{
	return a->key < b->key || (a->key == b->key && a->seq < b->seq);
}

/* The node at 1-based position pos (1 <= pos <= count). */
static struct tq_node *node_at(const struct timerqueue *q, u64 pos)
{
	struct tq_node *n = q->root;
	int bit = 63 - __builtin_clzll(pos); /* the top bit is the root */
	while (--bit >= 0)
		n = (pos >> bit) & 1 ? n->right : n->left;
	return n;
}

/* The link that points at n: its parent's child field, or the root. */
static struct tq_node **link_to(struct timerqueue *q, struct tq_node *n)
{
	if (!n->parent)
		return &q->root;
	return n->parent->left == n ? &n->parent->left : &n->parent->right;
}

/* c, a child of p, takes p's place and p takes c's. */
static void swap_with_parent(struct timerqueue *q, struct tq_node *p, struct tq_node *c)
{
	struct tq_node *pl = p->left, *pr = p->right, *cl = c->left, *cr = c->right;
	*link_to(q, p) = c;
	c->parent = p->parent;
	if (pl == c) {
		c->left = p;
		c->right = pr;
		if (pr)
			pr->parent = c;
	} else {
		c->right = p;
		c->left = pl;
		if (pl)
			pl->parent = c;
	}
	p->parent = c;
	p->left = cl;
	p->right = cr;
	if (cl)
		cl->parent = p;
	if (cr)
		cr->parent = p;
}

static void sift_up(struct timerqueue *q, struct tq_node *n)
{
	while (n->parent && before(n, n->parent))
		swap_with_parent(q, n->parent, n);
}

static void sift_down(struct timerqueue *q, struct tq_node *n)
{
	for (;;) {
		struct tq_node *least = n;
		if (n->left && before(n->left, least))
			least = n->left;
		if (n->right && before(n->right, least))
			least = n->right;
		if (least == n)
			return;
		swap_with_parent(q, n, least);
	}
}

void timerqueue_add(struct timerqueue *q, struct tq_node *n)
{
	n->left = n->right = n->parent = NULL;
	n->seq = q->next_seq++;
	u64 pos = ++q->count;
	if (pos == 1) {
		q->root = n;
		return;
	}
	struct tq_node *parent = node_at(q, pos / 2);
	n->parent = parent;
	if (pos & 1)
		parent->right = n;
	else
		parent->left = n;
	sift_up(q, n);
}

void timerqueue_del(struct timerqueue *q, struct tq_node *n)
{
	struct tq_node *last = node_at(q, q->count);
	*link_to(q, last) = NULL; /* the last position goes */
	q->count--;
	if (last == n)
		return;
	/* last takes n's place, then finds its own */
	last->left = n->left;
	last->right = n->right;
	last->parent = n->parent;
	*link_to(q, n) = last;
	if (last->left)
		last->left->parent = last;
	if (last->right)
		last->right->parent = last;
	sift_down(q, last);
	sift_up(q, last);
}
