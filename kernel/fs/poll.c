/*
 * poll.c — ppoll(2) over file poll ops and wait queues (see poll.h).
 * Semantics from Linux fs/select.c: negative fds are skipped (revents 0),
 * closed ones report POLLNVAL, POLLERR/POLLHUP are reported even when not
 * asked for, the timeout is relative and ppoll's signal mask replaces the
 * blocked set for the duration of the wait.
 */
#include <poll.h>

#include <fs.h>
#include <kmalloc.h>
#include <printk.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (!pt || pt->nr >= POLL_MAX_WAITS)
		return; /* past the limit the caller still wakes at its timeout */
	struct wait_entry *e = &pt->waits[pt->nr].entry;
	pt->waits[pt->nr].wq = wq;
	pt->nr++;
	e->task = pt->task;
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	list_add_tail(&e->node, &wq->waiters);
	spin_unlock_irqrestore(&wq->lock, irq);
}

static void poll_unregister(struct poll_table *pt)
{
	for (int i = 0; i < pt->nr; i++) {
		struct wait_queue *wq = pt->waits[i].wq;
		unsigned long irq = spin_lock_irqsave(&wq->lock);
		list_del(&pt->waits[i].entry.node);
		spin_unlock_irqrestore(&wq->lock, irq);
	}
	pt->nr = 0;
}

static short poll_one(const struct pollfd_user *p, struct poll_table *pt)
{
	if (p->fd < 0)
		return 0;
	struct file *f = fd_get(p->fd);
	if (!f)
		return POLLNVAL;
	short mask = f->ops->poll ? f->ops->poll(f, pt) : DEFAULT_POLLMASK;
	file_put(f);
	return mask & (p->events | POLLERR | POLLHUP);
}

/* Polls until something is ready, the deadline passes or a signal comes. */
static long do_poll(struct pollfd_user *fds, u32 nfds, u64 deadline, struct poll_table *pt)
{
	struct wake_timer pto;
	wake_timer_arm(&pto, deadline);
	struct poll_table *register_on = pt;
	long ret;
	for (;;) {
		task_set_state(TASK_INTERRUPTIBLE); /* before polling: no lost wake-up */
		ret = 0;
		for (u32 i = 0; i < nfds; i++) {
			fds[i].revents = poll_one(&fds[i], register_on);
			ret += fds[i].revents != 0;
		}
		register_on = NULL; /* registered once; later passes only look */
		if (ret || pto.expired || deadline == 0)
			break;
		if (task_signal_pending(current())) {
			ret = -ERESTARTNOHAND; /* EINTR if a handler runs, else restarted */
			break;
		}
		schedule();
	}
	task_set_state(TASK_RUNNING);
	wake_timer_cancel(&pto);
	poll_unregister(pt);
	return ret;
}

SYSCALL_DEFINE5(ppoll, uaddr_t, ufds, u32, nfds, uaddr_t, utimeout, uaddr_t, usigmask, size_t, sigsetsize)
{
	struct task *t = current();
	if (nfds > t->group->rlimits[7][0])
		return -EINVAL;
	u64 deadline = ~0UL;
	if (utimeout) {
		u64 ns;
		int err = timespec_from_user(utimeout, &ns);
		if (err)
			return err;
		deadline = ns == 0 ? 0 : time_deadline_after(ns); /* 0: poll once */
	}
	u64 mask = 0, saved_blocked = t->blocked_signals;
	if (usigmask) {
		if (sigsetsize != sizeof(u64))
			return -EINVAL;
		if (copy_from_user(&mask, usigmask, sizeof(mask)))
			return -EFAULT;
	}
	struct pollfd_user *fds = kmalloc(sizeof(*fds) * (nfds ? nfds : 1));
	struct poll_table *pt = kmalloc(sizeof(*pt));
	long ret = -ENOMEM;
	if (!fds || !pt)
		goto out;
	pt->task = t;
	pt->nr = 0;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, sizeof(*fds) * nfds))
		goto out;
	if (usigmask)
		t->blocked_signals = mask & ~SIGNALS_UNBLOCKABLE;
	ret = do_poll(fds, nfds, deadline, pt);
	t->blocked_signals = saved_blocked;
	if (ret >= 0 && copy_to_user(ufds, fds, sizeof(*fds) * nfds))
		ret = -EFAULT;
out:
	kfree(fds);
	kfree(pt);
	return ret;
}
