/*
 * test_poll_table.c — kernel/fs/poll_table.c: registrations past one page
 * of entries, every entry on its queue with the polling task, all of them
 * off their queues after poll_wqueues_free, wake-ups filtered by key, a small poll that needs no page
 * at all, and a lost page allocation
 * reported as -ENOMEM without losing the earlier entries. Page allocation
 * and spinlocks are stubbed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "page.h"
#include "poll.h"
#include "uapi/errno.h"

static int pages_left = 1000, pages_live;

void *page_alloc(unsigned flags)
{
	(void)flags;
	if (pages_left == 0)
		return NULL;
	pages_left--;
	pages_live++;
	return aligned_alloc(PAGE_SIZE, PAGE_SIZE);
}

void page_free(void *kva)
{
	pages_live--;
	free(kva);
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	(void)l;
	return 0;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	(void)l;
	(void)flags;
}

void file_get(struct file *f)
{
	(void)f;
}

void file_put(struct file *f)
{
	(void)f;
}

int default_wake_function(struct wait_entry *e, unsigned mode, int flags, u64 key)
{
	(void)e;
	(void)mode;
	(void)flags;
	(void)key;
	return 1;
}

static int queue_length(struct wait_queue *wq, struct task *task)
{
	int n = 0;
	struct wait_entry *e;
	list_for_each_entry(e, &wq->waiters, node) {
		assert_ptr_equal(e->task, task);
		n++;
	}
	return n;
}

static void test_many_registrations(void **state)
{
	(void)state;
	struct task *task = (struct task *)0x1234;
	struct wait_queue q[3];
	for (int i = 0; i < 3; i++)
		list_init(&q[i].waiters);
	struct poll_wqueues pw;
	poll_wqueues_init(&pw, task);
	pages_left = 1000;
	for (int i = 0; i < 1000; i++)
		poll_wait(&pw.pt, &q[i % 3]);
	poll_wait(NULL, &q[0]); /* a later pass: no registration */
	assert_int_equal(pw.error, 0);
	assert_int_equal(queue_length(&q[0], task), 334);
	assert_int_equal(queue_length(&q[1], task), 333);
	assert_int_equal(queue_length(&q[2], task), 333);
	assert_true(pages_live > 1);
	poll_wqueues_free(&pw);
	for (int i = 0; i < 3; i++)
		assert_true(list_empty(&q[i].waiters));
	assert_int_equal(pages_live, 0);
}

static void test_small_poll_allocates_nothing(void **state)
{
	(void)state;
	struct wait_queue q;
	list_init(&q.waiters);
	struct poll_wqueues pw;
	poll_wqueues_init(&pw, NULL);
	pages_left = 0;
	for (int i = 0; i < POLL_INLINE; i++)
		poll_wait(&pw.pt, &q);
	assert_int_equal(pw.error, 0);
	assert_int_equal(queue_length(&q, NULL), POLL_INLINE);
	poll_wait(&pw.pt, &q); /* one more needs a page */
	assert_int_equal(pw.error, -ENOMEM);
	poll_wqueues_free(&pw);
	assert_true(list_empty(&q.waiters));
	assert_int_equal(pages_live, 0);
}

static void test_out_of_pages(void **state)
{
	(void)state;
	struct wait_queue q;
	list_init(&q.waiters);
	struct poll_wqueues pw;
	poll_wqueues_init(&pw, NULL);
	pages_left = 1;
	for (int i = 0; i < 1000; i++)
		poll_wait(&pw.pt, &q);
	assert_int_equal(pw.error, -ENOMEM);
	int kept = queue_length(&q, NULL);
	assert_true(kept > 0 && kept < 1000);
	poll_wqueues_free(&pw);
	assert_true(list_empty(&q.waiters));
	assert_int_equal(pages_live, 0);
}

/* pollwake: a wake-up keyed with events the file was not polled for is
 * ignored; the wanted ones and key 0 ("anything") wake. */
static void test_wake_filtered_by_key(void **state)
{
	(void)state;
	struct wait_queue q;
	list_init(&q.waiters);
	struct poll_wqueues pw;
	poll_wqueues_init(&pw, NULL);
	pw.pt.key = 0x1; /* POLLIN */
	poll_wait(&pw.pt, &q);
	struct wait_entry *e = list_first_entry(&q.waiters, struct wait_entry, node);
	assert_int_equal(e->func(e, 0, 0, 0x4 /* POLLOUT */), 0);
	assert_int_equal(e->func(e, 0, 0, 0x1), 1);
	assert_int_equal(e->func(e, 0, 0, 0), 1);
	poll_wqueues_free(&pw);
	assert_true(list_empty(&q.waiters));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_registrations),
		cmocka_unit_test(test_small_poll_allocates_nothing),
		cmocka_unit_test(test_out_of_pages),
		cmocka_unit_test(test_wake_filtered_by_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
