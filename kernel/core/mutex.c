/*
 * mutex.c — sleeping locks (see mutex.h). The owner field is the lock; the
 * spinlock only makes the test-and-set of it atomic, and the wait queue's
 * prepare/re-check/schedule protocol (wait.h) means an unlock between a
 * failed try and the sleep is not lost.
 */
#include <mutex.h>

#include <printk.h>
#include <task.h>

void mutex_init(struct mutex *m, const char *name)
{
	spin_lock_init(&m->lock, name);
	wait_queue_init(&m->queue, name);
	m->owner = NULL;
	m->name = name;
	m->dep_class = 0;
}

static bool mutex_try_take(struct mutex *m)
{
	struct task *self = current();
	unsigned long irq = spin_lock_irqsave(&m->lock);
	if (m->owner == self)
		panic("mutex %s: taken twice by the same task", m->name);
	bool taken = m->owner == NULL;
	if (taken)
		m->owner = self;
	spin_unlock_irqrestore(&m->lock, irq);
	return taken;
}

void mutex_lock(struct mutex *m)
{
	/* Checked before it may sleep, as Linux's lockdep does: an inversion is
	 * caught even when this run does not deadlock. */
	unsigned long irq = arch_irq_save();
	lockdep_acquire(m, m->name, LOCK_KIND_MUTEX, &m->dep_class);
	arch_irq_restore(irq);
	if (mutex_try_take(m))
		return;
	wait_event(&m->queue, mutex_try_take(m));
}

void mutex_unlock(struct mutex *m)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	if (m->owner != current())
		panic("mutex %s: released by a task that does not hold it", m->name);
	m->owner = NULL;
	spin_unlock_irqrestore(&m->lock, irq);
	irq = arch_irq_save();
	lockdep_release(m);
	arch_irq_restore(irq);
	/* a waiter queues itself before its mutex_try_take takes m->lock, so
	 * after our m->lock section it either took the mutex or is seen here */
	if (wait_queue_active(&m->queue))
		wake_up_all(&m->queue);
}

bool mutex_is_held(const struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == current();
}
