/*
 * notification.c — the queue of events that inotify and fanotify files share
 * (Linux fs/notify/notification.c and the read/poll/fasync halves of
 * inotify_user.c and fanotify_user.c).
 *
 * A struct fsnotify_queue is a group's list of events, oldest first, with
 * the count read(2) and the overflow limit use, the wait queue of its
 * readers and pollers, and its O_ASYNC files. The group's own code adds and
 * takes events under the queue's lock (their layout is its own); this file
 * gives the rest: poll (POLLIN while an event is queued), the wake-up after
 * an event is queued (POLLIN, and SIGIO for O_ASYNC files, fsnotify's
 * insert), and read(2)'s loop: whole events while they fit, waiting for the
 * first one unless O_NONBLOCK (EAGAIN), interrupted by a signal
 * (ERESTARTSYS); what was read is returned even if a later event fails,
 * unless that failure is EFAULT.
 *
 * Locks: a queue's lock protects its list, its count and whatever its group
 * keeps with them; wait-queue locks and kmalloc's nest inside it.
 */
#include <fs.h>
#include <fsnotify.h>
#include <poll.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <wait.h>

void fsnotify_queue_init(struct fsnotify_queue *q, const char *name, unsigned max_events)
{
	spin_lock_init(&q->lock, name);
	list_init(&q->events);
	q->queued = 0;
	q->max_events = max_events;
	wait_queue_init(&q->wait, name);
	fasync_list_init(&q->fasync);
}

bool fsnotify_queue_nonempty(struct fsnotify_queue *q)
{
	unsigned long irq = spin_lock_irqsave(&q->lock);
	bool any = !list_empty(&q->events);
	spin_unlock_irqrestore(&q->lock, irq);
	return any;
}

void fsnotify_queue_wake(struct fsnotify_queue *q)
{
	wake_up_poll(&q->wait, POLLIN | POLLRDNORM);
	kill_fasync(&q->fasync, POLL_IN);
}

short fsnotify_queue_poll(struct fsnotify_queue *q, struct poll_table *pt)
{
	poll_wait(pt, &q->wait);
	return fsnotify_queue_nonempty(q) ? POLLIN | POLLRDNORM : 0;
}

int fsnotify_queue_fasync(struct fsnotify_queue *q, struct file *f, int fd, bool on)
{
	return fasync_helper(&q->fasync, f, fd, on);
}

ssize_t fsnotify_queue_read(struct file *f, struct fsnotify_queue *q, struct iobuf *dst, size_t len,
			    fsnotify_next_fn next)
{
	size_t done = 0;
	ssize_t ret;
	for (;;) {
		ret = next(f, dst, done, len - done);
		if (ret > 0) {
			done += (size_t)ret;
			continue;
		}
		if (ret < 0 || done)
			break;
		ret = -EAGAIN;
		if (f->flags & O_NONBLOCK)
			break;
		ret = -ERESTARTSYS;
		if (wait_event_interruptible(&q->wait, fsnotify_queue_nonempty(q)))
			break;
	}
	return done && ret != -EFAULT ? (ssize_t)done : ret;
}
