/*
 * test_vma_tree.c — the VMA search tree in kernel/mm/vma_tree.c.
 *
 * The tree is driven the way mm/vm.c drives it — mmap into a free gap,
 * MAP_FIXED, munmap, splitting (munmap or mprotect of part of a VMA),
 * merging neighbours, mremap growing or shrinking a VMA in place, a stack
 * growing down — and after every step checked against a plain sorted array
 * of the same VMAs: the in-order sequence, the AVL balance, every subtree
 * summary, vma_tree_first_ending_after for many addresses, and
 * vma_tree_find_gap against a linear scan of the holes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "mm.h"

/* CHECK() in the tree calls the kernel's panic: tests/unit/host_kernel.c's aborts. */

#define PG 4096UL
#define SPACE_PAGES 8192UL /* the model address space: pages [0, SPACE_PAGES) */
#define MIN_ADDR (16 * PG)
#define MAX_VMAS 2048

/* The model: the VMAs sorted by start, and the tree over the same objects. */
struct model {
	struct vma *v[MAX_VMAS];
	int n;
	struct vma *root;
};

static unsigned long rng_state = 88172645463325252UL;
static unsigned long rnd(unsigned long below)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return below ? rng_state % below : 0;
}

static struct vma *new_vma(vaddr_t start, vaddr_t end, unsigned flags)
{
	struct vma *v = calloc(1, sizeof(*v));
	assert_non_null(v);
	v->start = start;
	v->end = end;
	v->flags = flags;
	return v;
}

static void model_insert(struct model *m, struct vma *v)
{
	int i = m->n;
	while (i > 0 && m->v[i - 1]->start > v->start) {
		m->v[i] = m->v[i - 1];
		i--;
	}
	m->v[i] = v;
	m->n++;
	vma_tree_insert(&m->root, v);
}

static void model_erase(struct model *m, int i)
{
	vma_tree_erase(&m->root, m->v[i]);
	free(m->v[i]);
	for (; i + 1 < m->n; i++)
		m->v[i] = m->v[i + 1];
	m->n--;
}

/* Is [start, end) free of every VMA? */
static bool model_free(const struct model *m, vaddr_t start, vaddr_t end)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i]->start < end && start < m->v[i]->end)
			return false;
	return true;
}

/* The linear answer to vma_tree_find_gap: the highest fitting place. */
static vaddr_t linear_gap(const struct model *m, size_t len, vaddr_t min, vaddr_t below)
{
	vaddr_t best = 0, prev_end = 0;
	for (int i = 0; i <= m->n; i++) {
		vaddr_t hi = i < m->n ? vma_low(m->v[i]) : ~0UL;
		vaddr_t lo = MAX(prev_end, min);
		hi = MIN(hi, below);
		if (hi > lo && hi - lo >= len)
			best = MAX(best, hi - len);
		if (i < m->n)
			prev_end = m->v[i]->end;
	}
	return best;
}

/* Checks the subtree at v: order, balance and summaries; returns its height. */
static int check_subtree(const struct vma *v, const struct model *m, int *index)
{
	if (!v)
		return 0;
	int hl = check_subtree(v->tree_left, m, index);
	assert_true(*index < m->n);
	assert_ptr_equal(v, m->v[*index]); /* in-order = address order */
	(*index)++;
	int hr = check_subtree(v->tree_right, m, index);
	assert_true(abs(hl - hr) <= 1);
	assert_int_equal(v->tree_height, 1 + MAX(hl, hr));
	return v->tree_height;
}

/* The summaries of the subtree holding m->v[lo..hi], computed directly. */
static void check_summaries(const struct vma *v, const struct model *m, int *index)
{
	if (!v)
		return;
	int lo = *index;
	check_summaries(v->tree_left, m, index);
	(*index)++;
	check_summaries(v->tree_right, m, index);
	int hi = *index - 1;
	assert_int_equal(v->tree_first_low, vma_low(m->v[lo]));
	assert_int_equal(v->tree_last_end, m->v[hi]->end);
	vaddr_t gap = 0;
	for (int i = lo; i < hi; i++) {
		vaddr_t a = m->v[i]->end, b = vma_low(m->v[i + 1]);
		gap = MAX(gap, b > a ? b - a : 0);
	}
	assert_int_equal(v->tree_max_gap, gap);
}

static void check(const struct model *m)
{
	int index = 0;
	check_subtree(m->root, m, &index);
	assert_int_equal(index, m->n);
	index = 0;
	check_summaries(m->root, m, &index);
	for (int i = 0; i + 1 < m->n; i++)
		assert_true(m->v[i]->end <= m->v[i + 1]->start); /* no overlap */
	for (int k = 0; k < 64; k++) {
		vaddr_t addr = rnd(SPACE_PAGES * PG + 2 * PG);
		const struct vma *want = NULL;
		for (int i = 0; i < m->n && !want; i++)
			if (m->v[i]->end > addr)
				want = m->v[i];
		assert_ptr_equal(vma_tree_first_ending_after(m->root, addr), want);
		size_t len = (1 + rnd(k < 32 ? 8 : 600)) * PG;
		vaddr_t below = rnd(SPACE_PAGES + 1) * PG;
		assert_int_equal(vma_tree_find_gap(m->root, len, MIN_ADDR, below), linear_gap(m, len, MIN_ADDR, below));
	}
}

static void model_reset(struct model *m)
{
	while (m->n)
		model_erase(m, m->n - 1);
	assert_null(m->root);
}

/* vm.c's vma_split: v keeps [start, addr), a new VMA gets [addr, end). */
static void split(struct model *m, int i, vaddr_t addr)
{
	struct vma *v = m->v[i];
	struct vma *hi = new_vma(addr, v->end, v->flags);
	v->end = addr;
	vma_tree_update(m->root, v);
	model_insert(m, hi);
}

/* vm.c's merge: v absorbs the VMA after it, which touches it. */
static void merge_next(struct model *m, int i)
{
	vaddr_t end = m->v[i + 1]->end;
	model_erase(m, i + 1);
	m->v[i]->end = end;
	vma_tree_update(m->root, m->v[i]);
}

static void test_split_merge(void **state)
{
	(void)state;
	struct model m = {0};
	model_insert(&m, new_vma(100 * PG, 200 * PG, 0));
	check(&m);
	split(&m, 0, 150 * PG); /* munmap or mprotect of the upper half */
	check(&m);
	split(&m, 0, 120 * PG);
	check(&m);
	assert_int_equal(m.n, 3);
	assert_ptr_equal(vma_tree_first_ending_after(m.root, 130 * PG), m.v[1]);
	merge_next(&m, 1); /* mprotect back: the pieces merge */
	merge_next(&m, 0);
	check(&m);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.v[0]->end, 200 * PG);
	model_reset(&m);
}

static void test_mprotect_middle_and_mremap(void **state)
{
	(void)state;
	struct model m = {0};
	for (int i = 0; i < 20; i++)
		model_insert(&m, new_vma((100 + 10 * i) * PG, (105 + 10 * i) * PG, 0));
	check(&m);
	split(&m, 7, 102 * PG + 70 * PG); /* mprotect of the middle of VMA 7 */
	split(&m, 8, 103 * PG + 70 * PG);
	check(&m);
	/* mremap grows VMA 0 in place into the hole after it, then shrinks it */
	m.v[0]->end = 110 * PG - PG;
	vma_tree_update(m.root, m.v[0]);
	check(&m);
	m.v[0]->end = 101 * PG;
	vma_tree_update(m.root, m.v[0]);
	check(&m);
	/* mremap moving VMA 3 into the highest hole */
	size_t len = m.v[3]->end - m.v[3]->start;
	vaddr_t to = vma_tree_find_gap(m.root, len, MIN_ADDR, 500 * PG);
	assert_int_equal(to, 500 * PG - len);
	model_erase(&m, 3);
	model_insert(&m, new_vma(to, to + len, 0));
	check(&m);
	model_reset(&m);
}

static void test_stack_guard(void **state)
{
	(void)state;
	struct model m = {0};
	model_insert(&m, new_vma(1000 * PG, 1100 * PG, VMA_GROWSDOWN));
	check(&m);
	/* nothing is placed in the 256-page guard below the stack */
	assert_int_equal(vma_tree_find_gap(m.root, PG, MIN_ADDR, 1000 * PG), (1000 - 256 - 1) * PG);
	model_insert(&m, new_vma(100 * PG, 200 * PG, 0));
	m.v[1]->start = 900 * PG; /* the stack grows down */
	vma_tree_update(m.root, m.v[1]);
	check(&m);
	assert_int_equal(vma_tree_find_gap(m.root, PG, MIN_ADDR, 2000 * PG), 2000 * PG - PG);
	assert_int_equal(vma_tree_find_gap(m.root, 500 * PG, MIN_ADDR, 1000 * PG), 0);
	assert_int_equal(vma_tree_find_gap(m.root, 400 * PG, MIN_ADDR, 1000 * PG), (644 - 400) * PG);
	assert_int_equal(vma_tree_find_gap(m.root, 84 * PG, MIN_ADDR, 200 * PG), MIN_ADDR);
	assert_int_equal(vma_tree_find_gap(m.root, 85 * PG, MIN_ADDR, 200 * PG), 0);
	model_reset(&m);
}

/* Random operations as vm.c does them, checked after each one. */
static void test_random_operations(void **state)
{
	(void)state;
	struct model m = {0};
	for (int step = 0; step < 6000; step++) {
		int op = (int)rnd(8);
		if (m.n == 0 || (op <= 1 && m.n < MAX_VMAS - 2)) { /* mmap into the highest hole */
			size_t len = (1 + rnd(op ? 4 : 40)) * PG;
			vaddr_t at = vma_tree_find_gap(m.root, len, MIN_ADDR, SPACE_PAGES * PG);
			assert_int_equal(at, linear_gap(&m, len, MIN_ADDR, SPACE_PAGES * PG));
			if (at)
				model_insert(&m, new_vma(at, at + len, rnd(50) ? 0 : VMA_GROWSDOWN));
		} else if (op == 2 && m.n < MAX_VMAS - 2) { /* MAP_FIXED where it is free */
			vaddr_t at = (16 + rnd(SPACE_PAGES - 32)) * PG, len = (1 + rnd(3)) * PG;
			if (model_free(&m, at, at + len))
				model_insert(&m, new_vma(at, at + len, 0));
		} else if (op == 3) { /* munmap of a whole VMA */
			model_erase(&m, (int)rnd((unsigned long)m.n));
		} else if (op == 4 && m.n < MAX_VMAS - 2) { /* split inside a VMA */
			int i = (int)rnd((unsigned long)m.n);
			size_t pages = (m.v[i]->end - m.v[i]->start) / PG;
			if (pages > 1)
				split(&m, i, m.v[i]->start + (1 + rnd(pages - 1)) * PG);
		} else if (op == 5) { /* merge touching neighbours */
			int i = (int)rnd((unsigned long)m.n);
			if (i + 1 < m.n && m.v[i]->end == m.v[i + 1]->start)
				merge_next(&m, i);
		} else if (op == 6) { /* mremap in place: grow into free space, or shrink */
			int i = (int)rnd((unsigned long)m.n);
			struct vma *v = m.v[i];
			vaddr_t limit = i + 1 < m.n ? m.v[i + 1]->start : SPACE_PAGES * PG;
			if (rnd(2) && v->end + PG <= limit)
				v->end += PG * (1 + rnd((limit - v->end) / PG));
			else if (v->end - v->start > PG)
				v->end -= PG;
			vma_tree_update(m.root, v);
		} else { /* a stack grows down, up to the VMA below it */
			int i = (int)rnd((unsigned long)m.n);
			struct vma *v = m.v[i];
			vaddr_t floor = i > 0 ? m.v[i - 1]->end : MIN_ADDR;
			if ((v->flags & VMA_GROWSDOWN) && v->start > floor) {
				v->start -= PG;
				vma_tree_update(m.root, v);
			}
		}
		check(&m);
	}
	model_reset(&m);
}

/* Many VMAs: the tree stays balanced (height within the AVL bound). */
static void test_many_vmas_balanced(void **state)
{
	(void)state;
	struct model m = {0};
	for (int i = 0; i < 2000; i++) /* top-down, like mmap without a hint */
		model_insert(&m, new_vma((8000 - 3 * i) * PG, (8001 - 3 * i) * PG, 0));
	check(&m);
	assert_true(m.root->tree_height <= 16); /* 1.44 log2(2000) + 2 */
	for (int i = 0; i < 1500; i++)
		model_erase(&m, (int)rnd((unsigned long)m.n));
	check(&m);
	assert_true(m.root->tree_height <= 13); /* 500 left */
	model_reset(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_merge),	   cmocka_unit_test(test_mprotect_middle_and_mremap),
		cmocka_unit_test(test_stack_guard),	   cmocka_unit_test(test_random_operations),
		cmocka_unit_test(test_many_vmas_balanced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
