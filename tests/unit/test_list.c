/*
 * test_list.c — the intrusive list in kernel/include/list.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "list.h"

struct item {
	int value;
	struct list_head node;
};

static void collect(struct list_head *head, int *out, int *n)
{
	struct item *it;

	*n = 0;
	list_for_each_entry(it, head, node)
		out[(*n)++] = it->value;
}

static void test_empty(void **state)
{
	(void)state;
	struct list_head head = LIST_HEAD_INIT(head);
	struct item *it;
	int count = 0;

	assert_true(list_empty(&head));
	list_for_each_entry(it, &head, node)
		count++;
	assert_int_equal(count, 0);
	assert_null(list_first_entry_or_null(&head, struct item, node));
}

static void test_add_and_add_tail_order(void **state)
{
	(void)state;
	struct list_head head;
	struct item items[4] = {{.value = 0}, {.value = 1}, {.value = 2}, {.value = 3}};
	int out[4], n;

	list_init(&head);
	list_add_tail(&items[1].node, &head);
	list_add_tail(&items[2].node, &head);
	list_add(&items[0].node, &head);
	list_add_tail(&items[3].node, &head);
	assert_false(list_empty(&head));
	collect(&head, out, &n);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out[i], i);
	assert_ptr_equal(list_first_entry(&head, struct item, node), &items[0]);
}

static void test_del(void **state)
{
	(void)state;
	struct list_head head;
	struct item items[3] = {{.value = 0}, {.value = 1}, {.value = 2}};
	int out[3], n;

	list_init(&head);
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &head);
	list_del(&items[1].node);
	assert_true(list_empty(&items[1].node));
	list_del(&items[1].node); /* deleting twice is harmless */
	collect(&head, out, &n);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 2);
	list_del(&items[0].node);
	list_del(&items[2].node);
	assert_true(list_empty(&head));
}

static void test_for_each_safe_deletes_all(void **state)
{
	(void)state;
	struct list_head head, other;
	struct item items[5];
	struct item *it, *tmp;
	int n = 0, out[5];

	list_init(&head);
	list_init(&other);
	for (int i = 0; i < 5; i++) {
		items[i].value = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_entry_safe(it, tmp, &head, node) {
		if (it->value % 2)
			list_move_tail(&it->node, &other);
		else
			list_del(&it->node);
		n++;
	}
	assert_int_equal(n, 5);
	assert_true(list_empty(&head));
	collect(&other, out, &n);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_and_add_tail_order),
		cmocka_unit_test(test_del),
		cmocka_unit_test(test_for_each_safe_deletes_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
