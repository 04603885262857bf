/* test_timerqueue.c — the timer heap (kernel/lib/timerqueue.c) against a
 * model: random adds and removals of any node, then the shape (parent
 * links, heap order, count) after each step, and draining in deadline
 * order with ties in insertion order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include <timerqueue.h>

#define N 300

static struct tq_node nodes[N];
static bool queued[N];

/* Checks the subtree at n; returns its size. */
static u64 check_tree(const struct tq_node *n, const struct tq_node *parent)
{
	if (!n)
		return 0;
	assert_ptr_equal(n->parent, parent);
	if (parent)
		assert_true(parent->key < n->key || (parent->key == n->key && parent->seq < n->seq));
	return 1 + check_tree(n->left, n) + check_tree(n->right, n);
}

static void check(const struct timerqueue *q)
{
	u64 expect = 0;
	for (int i = 0; i < N; i++)
		expect += queued[i];
	assert_int_equal(q->count, expect);
	assert_int_equal(check_tree(q->root, NULL), expect);
}

static void test_random_against_model(void **state)
{
	(void)state;
	struct timerqueue q = {0};
	srand(7);
	for (int step = 0; step < 20000; step++) {
		int i = rand() % N;
		if (queued[i]) {
			timerqueue_del(&q, &nodes[i]);
			queued[i] = false;
		} else {
			nodes[i].key = (u64)(rand() % 50); /* many ties */
			timerqueue_add(&q, &nodes[i]);
			queued[i] = true;
		}
		if (step % 97 == 0)
			check(&q);
	}
	check(&q);
	/* drain: keys never go down, ties in insertion order */
	u64 last_key = 0, last_seq = 0;
	bool first = true;
	while (timerqueue_first(&q)) {
		struct tq_node *n = timerqueue_first(&q);
		if (!first)
			assert_true(n->key > last_key || (n->key == last_key && n->seq > last_seq));
		first = false;
		last_key = n->key;
		last_seq = n->seq;
		timerqueue_del(&q, n);
		queued[n - nodes] = false;
	}
	check(&q);
}

static void test_single_and_root_removal(void **state)
{
	(void)state;
	struct timerqueue q = {0};
	struct tq_node a = {.key = 5}, b = {.key = 3}, c = {.key = 9};
	timerqueue_add(&q, &a);
	assert_ptr_equal(timerqueue_first(&q), &a);
	timerqueue_add(&q, &b);
	timerqueue_add(&q, &c);
	assert_ptr_equal(timerqueue_first(&q), &b);
	timerqueue_del(&q, &b);
	assert_ptr_equal(timerqueue_first(&q), &a);
	timerqueue_del(&q, &c);
	timerqueue_del(&q, &a);
	assert_null(timerqueue_first(&q));
	assert_int_equal(q.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_and_root_removal),
		cmocka_unit_test(test_random_against_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
