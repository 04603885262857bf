/*
 * vma_tree.c — the VMAs of an address space as a balanced search tree, so
 * that finding the VMA at an address, the first VMA of a range and a free
 * gap for mmap cost O(log n) in the number of mappings, not O(n).
 *
 * Design. Linux 6.1 keeps VMAs in a maple tree (lib/maple_tree.c) whose
 * nodes record the largest gap below them (mas_empty_area_rev finds a hole
 * top-down). We use a simpler structure with the same costs: an AVL tree
 * keyed by vma->start (VMAs never overlap, so starts are unique and the
 * in-order sequence is the address order), with three summaries per
 * subtree:
 *
 *   tree_first_low  the "low" of its lowest VMA: vma->start, minus the
 *                   stack guard gap for a VMA_GROWSDOWN one (Linux
 *                   vm_start_gap: nothing may be placed right below a
 *                   stack);
 *   tree_last_end   the end of its highest VMA;
 *   tree_max_gap    the largest hole between two VMAs both in the subtree.
 *
 * They depend only on the subtree, so after a VMA's start or end changes
 * (split, merge, mremap, stack growth) fixing the path from the root to it
 * is enough: vma_tree_update(). The ordered list mm->vmas stays as it was
 * (every walk of consecutive VMAs uses it); the tree only finds where a
 * walk starts. Every operation is recursive; the depth is at most
 * 1.44 log2(n) + 2, about 25 for vm.max_map_count VMAs.
 *
 * Locking: the tree belongs to its mm and is read and changed only under
 * mm->lock, like the list (mm.h).
 */
#include <mm.h>

#include <printk.h>

/* The lowest address a VMA keeps free for itself (Linux vm_start_gap). */
vaddr_t vma_low(const struct vma *v)
{
	if (!(v->flags & VMA_GROWSDOWN))
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

/* The free space from `from` up to `to` (0 when they touch or overlap). */
static vaddr_t gap_between(vaddr_t from, vaddr_t to)
{
	return to > from ? to - from : 0;
}

static int height(const struct vma *v)
{
	return v ? v->tree_height : 0;
}

/* Recomputes v's height and summaries from its children. */
static void fix(struct vma *v)
{
	struct vma *l = v->tree_left, *r = v->tree_right;
	v->tree_height = 1 + MAX(height(l), height(r));
	v->tree_first_low = l ? l->tree_first_low : vma_low(v);
	v->tree_last_end = r ? r->tree_last_end : v->end;
	vaddr_t best = 0;
	if (l)
		best = MAX(MAX(best, l->tree_max_gap), gap_between(l->tree_last_end, vma_low(v)));
	if (r)
		best = MAX(MAX(best, r->tree_max_gap), gap_between(v->end, r->tree_first_low));
	v->tree_max_gap = best;
}

static struct vma *rotate_right(struct vma *v)
{
	struct vma *l = v->tree_left;
	v->tree_left = l->tree_right;
	l->tree_right = v;
	fix(v);
	fix(l);
	return l;
}

static struct vma *rotate_left(struct vma *v)
{
	struct vma *r = v->tree_right;
	v->tree_right = r->tree_left;
	r->tree_left = v;
	fix(v);
	fix(r);
	return r;
}

/* Restores the AVL rule (child heights differ by at most one) at v, whose
 * subtrees are valid AVL trees; returns the subtree's new root. */
static struct vma *balance(struct vma *v)
{
	fix(v);
	int diff = height(v->tree_left) - height(v->tree_right);
	if (diff > 1) {
		if (height(v->tree_left->tree_left) < height(v->tree_left->tree_right))
			v->tree_left = rotate_left(v->tree_left);
		return rotate_right(v);
	}
	if (diff < -1) {
		if (height(v->tree_right->tree_right) < height(v->tree_right->tree_left))
			v->tree_right = rotate_right(v->tree_right);
		return rotate_left(v);
	}
	return v;
}

static struct vma *insert(struct vma *root, struct vma *v)
{
	if (!root)
		return v;
	if (v->start < root->start)
		root->tree_left = insert(root->tree_left, v);
	else
		root->tree_right = insert(root->tree_right, v);
	return balance(root);
}

void vma_tree_insert(struct vma **root, struct vma *v)
{
	v->tree_left = v->tree_right = NULL;
	fix(v);
	*root = insert(*root, v);
}

/* Detaches the lowest VMA of the subtree into *min; returns what remains. */
static struct vma *remove_min(struct vma *root, struct vma **min)
{
	if (!root->tree_left) {
		*min = root;
		return root->tree_right;
	}
	root->tree_left = remove_min(root->tree_left, min);
	return balance(root);
}

static struct vma *erase(struct vma *root, struct vma *v)
{
	CHECK(root); /* v is in the tree */
	if (v->start < root->start) {
		root->tree_left = erase(root->tree_left, v);
		return balance(root);
	}
	if (v->start > root->start) {
		root->tree_right = erase(root->tree_right, v);
		return balance(root);
	}
	CHECK(root == v);
	if (!v->tree_left || !v->tree_right)
		return v->tree_left ? v->tree_left : v->tree_right;
	struct vma *successor;
	struct vma *right = remove_min(v->tree_right, &successor);
	successor->tree_left = v->tree_left;
	successor->tree_right = right;
	return balance(successor);
}

void vma_tree_erase(struct vma **root, struct vma *v)
{
	*root = erase(*root, v);
	v->tree_left = v->tree_right = NULL;
}

/* Refixes the summaries on the path from root to v. */
static void update(struct vma *root, struct vma *v)
{
	CHECK(root);
	if (v->start < root->start)
		update(root->tree_left, v);
	else if (v->start > root->start)
		update(root->tree_right, v);
	else
		CHECK(root == v);
	fix(root);
}

void vma_tree_update(struct vma *root, struct vma *v)
{
	update(root, v);
}

struct vma *vma_tree_first_ending_after(struct vma *root, vaddr_t addr)
{
	struct vma *found = NULL;
	while (root) {
		if (root->end > addr) {
			found = root; /* a candidate; a lower one may be on the left */
			root = root->tree_left;
		} else {
			root = root->tree_right;
		}
	}
	return found;
}

/*
 * The highest place for len bytes among the holes of the subtree v, which
 * lies between pred_end (end of the VMA before it) and succ_low (low of the
 * VMA after it), clipped to [min, below). 0 if there is none. Every hole
 * starts at or above pred_end; it ends at most at succ_low or at a low
 * inside the subtree (at most tree_last_end: a stack's guard may reach
 * below the VMAs before it, so succ_low alone is no upper bound).
 */
static vaddr_t gap_search(const struct vma *v, vaddr_t pred_end, vaddr_t succ_low, size_t len, vaddr_t min,
			  vaddr_t below)
{
	vaddr_t lo = MAX(pred_end, min);
	vaddr_t hi = MIN(v ? MAX(succ_low, v->tree_last_end) : succ_low, below);
	if (hi <= lo || hi - lo < len)
		return 0; /* no hole in here can hold len bytes below `below` */
	if (!v)
		return hi - len; /* the hole [pred_end, succ_low) itself */
	vaddr_t largest = MAX(v->tree_max_gap,
			      MAX(gap_between(pred_end, v->tree_first_low), gap_between(v->tree_last_end, succ_low)));
	if (largest < len)
		return 0;
	vaddr_t found = gap_search(v->tree_right, v->end, succ_low, len, min, below);
	if (!found)
		found = gap_search(v->tree_left, pred_end, vma_low(v), len, min, below);
	return found;
}

vaddr_t vma_tree_find_gap(const struct vma *root, size_t len, vaddr_t min, vaddr_t below)
{
	if (len == 0)
		return 0;
	return gap_search(root, 0, ~0UL, len, min, below);
}
