/*
 * workqueue.c — deferred work (workqueue.h): one kernel thread, "kworker",
 * runs queued works in process context, oldest first.
 *
 * work_lock (a spinlock taken with interrupts off, so a timer callback or
 * an interrupt handler may queue) protects the list and every work's
 * pending flag; it is a leaf: nothing else is taken under it but the
 * worker's wait-queue lock, by the wake-up after it is dropped. The
 * worker takes a work off the list and clears pending under the lock,
 * then calls fn with no lock held.
 *
 * The worker has no pid (like the idle tasks it is invisible in /proc; a
 * Linux kworker has one) and sleeps interruptibly when there is nothing
 * to do, so it never counts as a blocked task in the load average; no
 * signal can reach it.
 */
#include <workqueue.h>

#include <printk.h>
#include <spinlock.h>
#include <task.h>
#include <wait.h>

static struct spinlock work_lock = SPINLOCK_INIT("work_lock");
static struct list_head work_list = LIST_HEAD_INIT(work_list); /* [work_lock] */
static struct wait_queue work_wq = WAIT_QUEUE_INIT(work_wq);   /* the worker sleeps here */

void work_init(struct work *w, void (*fn)(struct work *w))
{
	list_init(&w->node);
	w->fn = fn;
	w->pending = false;
}

bool work_queue(struct work *w)
{
	unsigned long irq = spin_lock_irqsave(&work_lock);
	bool queued = !w->pending;
	if (queued) {
		w->pending = true;
		list_add_tail(&w->node, &work_list);
	}
	spin_unlock_irqrestore(&work_lock, irq);
	if (queued)
		wake_up_all(&work_wq);
	return queued;
}

bool work_cancel(struct work *w)
{
	unsigned long irq = spin_lock_irqsave(&work_lock);
	bool was = w->pending;
	if (was) {
		list_del(&w->node);
		list_init(&w->node);
		w->pending = false;
	}
	spin_unlock_irqrestore(&work_lock, irq);
	return was;
}

/* The next work, off the list and no longer pending; NULL when none. */
static struct work *work_take(void)
{
	struct work *w = NULL;
	unsigned long irq = spin_lock_irqsave(&work_lock);
	if (!list_empty(&work_list)) {
		w = list_first_entry(&work_list, struct work, node);
		list_del(&w->node);
		list_init(&w->node);
		w->pending = false;
	}
	spin_unlock_irqrestore(&work_lock, irq);
	return w;
}

static bool work_waiting(void)
{
	return !list_empty(&work_list); /* an unlocked peek: work_take decides */
}

static int worker_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct work *w = work_take();
		if (!w) {
			(void)wait_event_interruptible(&work_wq, work_waiting());
			continue;
		}
		w->fn(w); /* may free w: not touched afterwards */
		if (current()->need_resched)
			sched_yield(); /* the kernel does not preempt itself: a long queue gives way at the tick */
	}
	return 0;
}

void workqueue_init(void)
{
	if (!task_create_kthread("kworker", worker_main, NULL))
		panic("workqueue: no memory for the worker thread");
}
