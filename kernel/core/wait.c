/*
 * wait.c — wait queues (see wait.h for the protocol that avoids lost wake-ups).
 */
#include <wait.h>

#include <task.h>

void wait_queue_init(struct wait_queue *wq, const char *name)
{
	spin_lock_init(&wq->lock, name);
	wq->lock.dep_kind = LOCK_KIND_WAITQ; /* its own lockdep class (lockdep.h) */
	list_init(&wq->waiters);
}

void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible)
{
	struct task *self = current();
	if (!wq) {
		task_set_state(interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE);
		return;
	}
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	e->task = self;
	self->wait_queue = wq->lock.name;
	if (e->node.next == NULL) /* first call for this entry */
		list_add_tail(&e->node, &wq->waiters);
	self->state = interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
	spin_unlock_irqrestore(&wq->lock, flags);
	/* the state store before the caller's re-check of its condition: a
	 * waker that does not take wq->lock (a signal, a futex, a timer) reads
	 * the state under a run-queue lock (task_set_state, sched_wake) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
	if (!wq) {
		task_set_state(TASK_RUNNING);
		return;
	}
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	current()->state = TASK_RUNNING;
	current()->wait_queue = NULL;
	if (e->node.next != NULL) {
		list_del(&e->node);
		e->node.next = NULL;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

int default_wake_function(struct wait_entry *e, unsigned mode, int flags, u64 key)
{
	(void)mode;
	(void)flags;
	(void)key;
	sched_wake(e->task);
	return 1;
}

/* Linux __wake_up_common: each entry's function in queue order; the
 * function may remove its own entry, so the next one is read first. */
void __wake_up(struct wait_queue *wq, int nr_exclusive, u64 key)
{
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	struct wait_entry *e, *next;
	list_for_each_entry_safe(e, next, &wq->waiters, node) {
		unsigned flags = e->flags;
		int woke = e->func ? e->func(e, 0, 0, key) : default_wake_function(e, 0, 0, key);
		if (woke && (flags & WQ_FLAG_EXCLUSIVE) && nr_exclusive > 0 && --nr_exclusive == 0)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, irq);
}

void wake_up_all(struct wait_queue *wq)
{
	__wake_up(wq, 0, 0);
}

void wake_up_poll(struct wait_queue *wq, u64 key)
{
	__wake_up(wq, 1, key);
}

void add_wait_queue(struct wait_queue *wq, struct wait_entry *e)
{
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	list_add(&e->node, &wq->waiters); /* plain entries go first (Linux) */
	spin_unlock_irqrestore(&wq->lock, irq);
}

void add_wait_queue_exclusive(struct wait_queue *wq, struct wait_entry *e)
{
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	e->flags |= WQ_FLAG_EXCLUSIVE;
	list_add_tail(&e->node, &wq->waiters); /* exclusive ones after them */
	spin_unlock_irqrestore(&wq->lock, irq);
}

void remove_wait_queue(struct wait_queue *wq, struct wait_entry *e)
{
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	if (e->node.next != NULL) {
		list_del(&e->node);
		e->node.next = NULL;
	}
	spin_unlock_irqrestore(&wq->lock, irq);
}
