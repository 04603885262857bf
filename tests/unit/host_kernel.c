/*
 * host_kernel.c — the core kernel services portable code expects, for host
 * unit tests that build a kernel file whose callees are not under test:
 * panic (the test aborts), kmalloc on the C library's heap, spinlocks that
 * record their holder (taking one twice or releasing a free one fails the
 * test, so a missing unlock shows), and the current task (arch_current in
 * host_arch/arch/arch_inline.h reads host_current_task).
 *
 * run.sh links it into the tests whose MODULES line names it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "kmalloc.h"
#include "printk.h"
#include "mutex.h"
#include "wait.h"
#include "spinlock.h"

/* From the C library (<stdlib.h> clashes with kernel headers). */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void free(void *p);
void abort(void);

struct task *host_current_task;

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

void *kmalloc(size_t size)
{
	return malloc(size);
}

void *kzalloc(size_t size)
{
	return calloc(1, size);
}

void kfree(void *p)
{
	free(p);
}

void *kvzalloc(size_t size)
{
	return calloc(1, size);
}

void kvfree(void *p)
{
	free(p);
}

void spin_lock_init(struct spinlock *l, const char *name)
{
	l->holder = NULL;
	l->name = name;
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	assert_null(l->holder); /* one CPU, one task: a second take is a deadlock */
	l->holder = l;
	return 0;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	assert_non_null(l->holder);
	l->holder = NULL;
}

bool spin_is_held(const struct spinlock *l)
{
	return l->holder != NULL;
}

/* mm_create's map_mutex: the tests never take it. */
void mutex_init(struct mutex *m, const char *name)
{
	spin_lock_init(&m->lock, name);
	m->owner = NULL;
	m->name = name;
}

/* mm's fork_done queue: one thread, so nobody ever waits on it (a wait
 * would mean a fork in progress, which the tests never have). */
void wait_queue_init(struct wait_queue *wq, const char *name)
{
	spin_lock_init(&wq->lock, name);
	list_init(&wq->waiters);
}

void wake_up_all(struct wait_queue *wq)
{
	assert_true(list_empty(&wq->waiters));
}

void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible)
{
	fail_msg("a wait in a one-threaded test");
}

void wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
	fail_msg("a wait in a one-threaded test");
}

void schedule(void)
{
	fail_msg("a wait in a one-threaded test");
}

/* file.c's pos_mutex (file_pos_lock): one thread, so it is never contended. */
void mutex_lock(struct mutex *m)
{
	assert_null(m->owner);
	m->owner = (struct task *)m;
}

void mutex_unlock(struct mutex *m)
{
	assert_non_null(m->owner);
	m->owner = NULL;
}
