/*
 * test_lockdep.c — kernel/core/lockdep.c: taking A then B, and later B then
 * A, is reported the first time it happens (an AB/BA inversion on one CPU,
 * the deadlock it would be on two); so is a longer cycle A -> B -> C -> A;
 * orders seen again, nesting within one class, locks released out of order
 * and locks an interrupt handler takes are not reported. The held-lock stack
 * and the report hook are stubbed here; printk goes nowhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format.h"
#include "lockdep.h"
#include "string.h"

static struct lockdep_held held;
static int reports;
static char last_report[200];

struct lockdep_held *lockdep_current(void)
{
	return &held;
}

void lockdep_inversion(const char *msg)
{
	reports++;
	snprintf(last_report, sizeof last_report, "%s", msg);
}

int printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* A lock object as the kernel's: a name and a cached class. */
struct fake_lock {
	const char *name;
	u16 cls;
};

static void take(struct fake_lock *l)
{
	lockdep_acquire(l, l->name, LOCK_KIND_SPIN, &l->cls);
}

static void drop(struct fake_lock *l)
{
	lockdep_release(l);
}

static int reset(void **state)
{
	(void)state;
	memset(&held, 0, sizeof held);
	reports = 0;
	last_report[0] = 0;
	lockdep_enabled = true;
	return 0;
}

static void ab_ba_inversion_is_caught(void **state)
{
	(void)state;
	struct fake_lock a = {"test_ab_a", 0}, b = {"test_ab_b", 0};
	take(&a);
	take(&b);
	drop(&b);
	drop(&a);
	assert_int_equal(reports, 0);
	take(&b);
	take(&a); /* B then A: inverts A then B */
	assert_int_equal(reports, 1);
	assert_string_equal(last_report, "lockdep: \"test_ab_b\" -> \"test_ab_a\" inverts an earlier order");
	assert_false(lockdep_enabled); /* one report, then off */
}

static void same_order_twice_is_fine(void **state)
{
	(void)state;
	struct fake_lock a = {"test_same_a", 0}, b = {"test_same_b", 0};
	for (int i = 0; i < 3; i++) {
		take(&a);
		take(&b);
		drop(&a); /* out of order */
		drop(&b);
	}
	assert_int_equal(reports, 0);
	assert_int_equal(held.depth, 0);
}

static void three_lock_cycle_is_caught(void **state)
{
	(void)state;
	struct fake_lock a = {"test_cyc_a", 0}, b = {"test_cyc_b", 0}, c = {"test_cyc_c", 0};
	take(&a);
	take(&b);
	drop(&b);
	drop(&a);
	take(&b);
	take(&c);
	drop(&c);
	drop(&b);
	assert_int_equal(reports, 0);
	take(&c);
	take(&a); /* C then A closes A -> B -> C -> A */
	assert_int_equal(reports, 1);
}

static void one_class_nesting_is_not_checked(void **state)
{
	(void)state;
	/* Two objects of one class (two inodes): their order is the caller's. */
	struct fake_lock p = {"test_inode", 0}, q = {"test_inode", 0};
	take(&p);
	take(&q);
	drop(&q);
	drop(&p);
	take(&q);
	take(&p);
	drop(&p);
	drop(&q);
	assert_int_equal(reports, 0);
	assert_int_equal(p.cls, q.cls);
}

static void kinds_are_separate_classes(void **state)
{
	(void)state;
	u16 spin = 0, queue = 0;
	int x = 0, y = 0;
	lockdep_acquire(&x, "test_kind", LOCK_KIND_SPIN, &spin);
	lockdep_acquire(&y, "test_kind", LOCK_KIND_WAITQ, &queue);
	assert_int_not_equal(spin, queue);
	lockdep_release(&y);
	lockdep_release(&x);
}

static void interrupt_locks_are_not_ordered_after_the_task(void **state)
{
	(void)state;
	struct fake_lock m = {"test_irq_task", 0}, t = {"test_irq_timer", 0};
	take(&m);
	lockdep_irq_enter(); /* an interrupt while the task holds m */
	take(&t);
	drop(&t);
	lockdep_irq_exit();
	drop(&m);
	take(&t);
	take(&m); /* timer then task lock: no earlier task -> timer order */
	assert_int_equal(reports, 0);
	drop(&m);
	drop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(same_order_twice_is_fine, reset),
		cmocka_unit_test_setup(one_class_nesting_is_not_checked, reset),
		cmocka_unit_test_setup(kinds_are_separate_classes, reset),
		cmocka_unit_test_setup(interrupt_locks_are_not_ordered_after_the_task, reset),
		cmocka_unit_test_setup(three_lock_cycle_is_caught, reset),
		cmocka_unit_test_setup(ab_ba_inversion_is_caught, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
