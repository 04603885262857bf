/*
 * wait.c — wait queues (see wait.h for the protocol that avoids lost wake-ups).
 */
#include <wait.h>

#include <task.h>

void wait_queue_init(struct wait_queue *wq, const char *name)
{
	spin_lock_init(&wq->lock, name);
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
	if (e->node.next == NULL) /* first call for this entry */
		list_add_tail(&e->node, &wq->waiters);
	self->state = interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
	if (!wq) {
		task_set_state(TASK_RUNNING);
		return;
	}
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	current()->state = TASK_RUNNING;
	if (e->node.next != NULL) {
		list_del(&e->node);
		e->node.next = NULL;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up_all(struct wait_queue *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct wait_entry *e;
	list_for_each_entry(e, &wq->waiters, node)
		sched_wake(e->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}
