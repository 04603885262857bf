/*
 * eventpoll.c — epoll (Linux fs/eventpoll.c): epoll_create1, epoll_ctl,
 * epoll_pwait, epoll_pwait2.
 *
 * An epoll instance (struct eventpoll) holds one item per watched (file,
 * fd) pair. Adding an item polls the file once with the epoll poll table,
 * whose qproc hooks a wait entry (struct ep_hook) on every wait queue the
 * file's poll op names; from then on the file's wake-ups call
 * ep_poll_callback, which puts the item on the ready list (unless the
 * key names none of its events, or it is a disarmed EPOLLONESHOT item)
 * and wakes one epoll_wait sleeper and whoever polls the epoll file
 * itself (an outer epoll, ppoll). epoll_wait takes the ready list, polls
 * each item again and reports the events that hold now: a level-triggered
 * item goes back on the list (it is reported until it is no longer ready),
 * an edge-triggered one waits for the next wake-up, a one-shot one is
 * disarmed until EPOLL_CTL_MOD.
 *
 * Items belong to the open file description, not the descriptor: closing
 * one fd of a dup'd file keeps the item; the file's last close removes it
 * (eventpoll_release from file_put). An epoll file may be watched by
 * another; ADD refuses cycles and nesting deeper than EP_MAX_NESTS with
 * ELOOP (Linux ep_loop_check, counting up and down from the new link).
 *
 * Locks, in order (outermost first):
 *   epoll_mutex   every item's creation and removal, every file's
 *                 ep_links, the loop check (Linux epnested_mutex + f_lock)
 *   ep->mtx       the items of one epoll while epoll_wait or ctl use
 *                 them (item events, the one-shot disarm). An outer epoll's
 *                 mtx comes before an inner one's (the loop check keeps
 *                 the nesting a tree).
 *   wait_queue.lock of a watched file (ep_poll_callback runs under it)
 *   ep->lock      the ready list and item->ready; taken by the callback
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <mutex.h>
#include <poll.h>
#include <printk.h>
#include <signal.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/eventpoll.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <wait.h>

/* The flags that steer epoll itself, not events (Linux EP_PRIVATE_BITS). */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What an EPOLLEXCLUSIVE item may also ask for (Linux EPOLLEXCLUSIVE_OK_BITS). */
#define EPOLLEXCLUSIVE_OK_BITS (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define EP_MAX_NESTS 4 /* Linux: epoll files nested at most this deep */
#define EP_MAX_EVENTS (0x7fffffff / sizeof(struct epoll_event_user))

struct eventpoll {
	struct mutex mtx;	     /* see the lock order above */
	struct spinlock lock;	     /* protects ready and every item's ready flag */
	struct list_head items;	     /* struct epitem.ep_node [epoll_mutex + mtx] */
	struct list_head ready;	     /* struct epitem.ready_node [lock] */
	struct wait_queue wait;	     /* epoll_wait sleepers (exclusive) */
	struct wait_queue poll_wait; /* pollers of this epoll file */
	struct file *file;	     /* the epoll file itself */
};

struct epitem {
	struct list_head ep_node;    /* on ep->items [epoll_mutex + ep->mtx] */
	struct list_head ready_node; /* on ep->ready when ready [ep->lock] */
	bool ready;		     /* [ep->lock] */
	struct list_head file_node;  /* on file->ep_links [epoll_mutex] */
	struct list_head hooks;	     /* struct ep_hook.node: our entries on the file's queues */
	bool hook_failed;	     /* a hook could not be allocated (ENOMEM) */
	struct eventpoll *ep;
	struct file *file; /* watched; no reference: its last put removes us */
	int fd;
	u32 events; /* EPOLL* asked for; 0 but private bits: a disarmed one-shot [ep->mtx + ep->lock] */
	u64 data;   /* [ep->mtx] */
};

/* One wait entry of an item on one of its file's wait queues (Linux eppoll_entry). */
struct ep_hook {
	struct list_head node; /* on epitem.hooks */
	struct wait_entry entry;
	struct wait_queue *wq;
	struct epitem *item;
};

/* The registration table of one ep_insert (Linux ep_pqueue). */
struct ep_ptable {
	struct poll_table pt;
	struct epitem *item;
};

static struct mutex epoll_mutex = {
	.lock = SPINLOCK_INIT("epoll_mutex"),
	.owner = NULL,
	.queue = WAIT_QUEUE_INIT(epoll_mutex.queue),
	.name = "epoll_mutex",
};

static const struct file_ops eventpoll_ops;

static bool is_file_epoll(const struct file *f)
{
	return f->ops == &eventpoll_ops;
}

static bool file_has_links(const struct file *f)
{
	return f->ep_links.next != NULL && !list_empty(&f->ep_links);
}

/* Puts item on the ready list unless it is there. [ep->lock] */
static void ep_set_ready(struct epitem *item)
{
	if (!item->ready) {
		item->ready = true;
		list_add_tail(&item->ready_node, &item->ep->ready);
	}
}

/*
 * A watched file's wake-up (Linux ep_poll_callback): queue the item and
 * wake one epoll_wait sleeper and the pollers of the epoll file. Runs
 * under the watched queue's lock. Returns 1 when it made the item ready
 * (an EPOLLEXCLUSIVE entry then ends the wake-up).
 */
static int ep_poll_callback(struct wait_entry *we, unsigned mode, int flags, u64 key)
{
	(void)mode;
	(void)flags;
	struct ep_hook *hook = container_of(we, struct ep_hook, entry);
	struct epitem *item = hook->item;
	struct eventpoll *ep = item->ep;
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	bool armed = item->events & ~EP_PRIVATE_BITS;
	bool wanted = armed && (key == 0 || (key & item->events));
	if (wanted)
		ep_set_ready(item);
	spin_unlock_irqrestore(&ep->lock, irq);
	if (!wanted)
		return 0;
	wake_up_poll(&ep->wait, POLLIN);
	wake_up_poll(&ep->poll_wait, POLLIN);
	return 1;
}

/* The epoll poll table's qproc (Linux ep_ptable_queue_proc). */
static void ep_ptable_queue(struct poll_table *pt, struct wait_queue *wq)
{
	struct epitem *item = container_of(pt, struct ep_ptable, pt)->item;
	struct ep_hook *hook = kzalloc(sizeof(*hook));
	if (!hook) {
		item->hook_failed = true;
		return;
	}
	hook->wq = wq;
	hook->item = item;
	hook->entry.func = ep_poll_callback;
	list_add_tail(&hook->node, &item->hooks);
	if (item->events & EPOLLEXCLUSIVE)
		add_wait_queue_exclusive(wq, &hook->entry);
	else
		add_wait_queue(wq, &hook->entry);
}

/* Moves every item of from to the front of ep->ready, in order. [ep->lock] */
static void ep_splice_front(struct eventpoll *ep, struct list_head *from)
{
	while (!list_empty(from)) {
		struct list_head *last = from->prev;
		list_del(last);
		list_add(last, &ep->ready);
	}
}

/* The events of item's file that it asks for, now (Linux ep_item_poll). */
static u32 ep_item_poll(struct epitem *item, struct poll_table *pt)
{
	short mask = item->file->ops->poll(item->file, pt);
	return (u32)(u16)mask & item->events;
}

/* Takes item off every queue, its file and its epoll, and frees it. [epoll_mutex + ep->mtx] */
static void ep_remove(struct eventpoll *ep, struct epitem *item)
{
	struct ep_hook *hook, *next;
	list_for_each_entry_safe(hook, next, &item->hooks, node) {
		remove_wait_queue(hook->wq, &hook->entry);
		kfree(hook);
	}
	list_del(&item->file_node);
	list_del(&item->ep_node);
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	if (item->ready)
		list_del(&item->ready_node);
	spin_unlock_irqrestore(&ep->lock, irq);
	kfree(item);
}

void eventpoll_release(struct file *f)
{
	/* no new item can come: adding one holds a reference to f */
	if (!file_has_links(f))
		return;
	mutex_lock(&epoll_mutex);
	while (!list_empty(&f->ep_links)) {
		struct epitem *item = list_first_entry(&f->ep_links, struct epitem, file_node);
		struct eventpoll *ep = item->ep;
		mutex_lock(&ep->mtx);
		ep_remove(ep, item);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epoll_mutex);
}

/* ---- the epoll file ---- */

/*
 * Is any item really ready? The stale ones (no longer ready, or
 * edge-triggered ones already reported) leave the list (Linux
 * __ep_eventpoll_poll). An inner epoll's items are polled with its own
 * mtx, under the outer's.
 */
static bool ep_has_ready(struct eventpoll *ep)
{
	bool any = false;
	mutex_lock(&ep->mtx);
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	struct list_head check;
	list_init(&check);
	while (!list_empty(&ep->ready))
		list_move_tail(ep->ready.next, &check);
	spin_unlock_irqrestore(&ep->lock, irq);
	struct epitem *item, *next;
	list_for_each_entry_safe(item, next, &check, ready_node) {
		if (any || ep_item_poll(item, NULL)) {
			any = true;
			continue;
		}
		irq = spin_lock_irqsave(&ep->lock);
		list_del(&item->ready_node);
		item->ready = false;
		spin_unlock_irqrestore(&ep->lock, irq);
	}
	irq = spin_lock_irqsave(&ep->lock);
	ep_splice_front(ep, &check); /* in front of what came meanwhile */
	spin_unlock_irqrestore(&ep->lock, irq);
	mutex_unlock(&ep->mtx);
	return any;
}

static short eventpoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->private;
	poll_wait(pt, &ep->poll_wait);
	return ep_has_ready(ep) ? POLLIN | POLLRDNORM : 0;
}

static void eventpoll_file_release(struct file *f)
{
	struct eventpoll *ep = f->private;
	mutex_lock(&epoll_mutex);
	mutex_lock(&ep->mtx);
	while (!list_empty(&ep->items))
		ep_remove(ep, list_first_entry(&ep->items, struct epitem, ep_node));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
	kfree(ep);
}

static const struct file_ops eventpoll_ops = {
	.poll = eventpoll_poll,
	.release = eventpoll_file_release,
	.anon_name = "[eventpoll]",
};

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	mutex_init(&ep->mtx, "eventpoll");
	spin_lock_init(&ep->lock, "eventpoll_ready");
	list_init(&ep->items);
	list_init(&ep->ready);
	wait_queue_init(&ep->wait, "epoll_wait");
	wait_queue_init(&ep->poll_wait, "epoll_poll");
	struct file *f = file_alloc(&eventpoll_ops, ep, 0600);
	if (!f) {
		kfree(ep);
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	}
	f->flags = O_RDWR;
	ep->file = f;
	return fd_install_or_put(f, flags & EPOLL_CLOEXEC);
}

/* ---- epoll_ctl ---- */

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *item;
	list_for_each_entry(item, &ep->items, ep_node)
		if (item->file == f && item->fd == fd)
			return item;
	return NULL;
}

/* How deep the epoll files under ep go, or -1 if target is among them (or
 * they go past EP_MAX_NESTS). [epoll_mutex] (Linux ep_loop_check_proc) */
static int ep_depth_below(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	if (ep == target || depth > EP_MAX_NESTS)
		return -1;
	int deepest = 0;
	struct epitem *item;
	list_for_each_entry(item, &ep->items, ep_node) {
		if (!is_file_epoll(item->file))
			continue;
		int d = ep_depth_below(item->file->private, target, depth + 1);
		if (d < 0)
			return -1;
		if (d + 1 > deepest)
			deepest = d + 1;
	}
	return deepest;
}

/* How many epoll files watch ep, one inside the other, at most (Linux
 * ep_get_upwards_depth_proc). [epoll_mutex] */
static int ep_depth_above(struct eventpoll *ep, int depth)
{
	if (depth > EP_MAX_NESTS)
		return depth;
	int deepest = 0;
	struct epitem *item;
	if (!file_has_links(ep->file))
		return 0;
	list_for_each_entry(item, &ep->file->ep_links, file_node) {
		int d = ep_depth_above(item->ep, depth + 1) + 1;
		if (d > deepest)
			deepest = d;
	}
	return deepest;
}

/* Would watching the epoll file `to` from ep make a cycle or nest too
 * deep? (Linux ep_loop_check) [epoll_mutex] */
static bool ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	int below = ep_depth_below(to, ep, 0);
	return below < 0 || ep_depth_above(ep, 0) + 1 + below > EP_MAX_NESTS;
}

/* EPOLL_CTL_ADD (Linux ep_insert). [epoll_mutex + ep->mtx] */
static long ep_insert(struct eventpoll *ep, struct file *tf, int fd, u32 events, u64 data)
{
	struct epitem *item = kzalloc(sizeof(*item));
	if (!item)
		return -ENOMEM;
	item->ep = ep;
	item->file = tf;
	item->fd = fd;
	item->events = events;
	item->data = data;
	list_init(&item->hooks);
	list_init(&item->ready_node);
	if (tf->ep_links.next == NULL)
		list_init(&tf->ep_links);
	list_add_tail(&item->file_node, &tf->ep_links);
	list_add_tail(&item->ep_node, &ep->items);
	struct ep_ptable table = {.pt = {.qproc = ep_ptable_queue, .key = events}, .item = item};
	u32 ready = ep_item_poll(item, &table.pt);
	if (item->hook_failed) {
		ep_remove(ep, item);
		return -ENOMEM;
	}
	if (ready) {
		unsigned long irq = spin_lock_irqsave(&ep->lock);
		ep_set_ready(item);
		spin_unlock_irqrestore(&ep->lock, irq);
		wake_up_poll(&ep->wait, POLLIN);
		wake_up_poll(&ep->poll_wait, POLLIN);
	}
	return 0;
}

/* EPOLL_CTL_MOD (Linux ep_modify): new events, polled again at once. [ep->mtx] */
static long ep_modify(struct eventpoll *ep, struct epitem *item, u32 events, u64 data)
{
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	item->events = events;
	item->data = data;
	spin_unlock_irqrestore(&ep->lock, irq);
	if (ep_item_poll(item, NULL)) {
		irq = spin_lock_irqsave(&ep->lock);
		ep_set_ready(item);
		spin_unlock_irqrestore(&ep->lock, irq);
		wake_up_poll(&ep->wait, POLLIN);
		wake_up_poll(&ep->poll_wait, POLLIN);
	}
	return 0;
}

/* The checks of do_epoll_ctl, in Linux's order, before anything is locked. */
static long ep_ctl_check(struct file *ef, struct file *tf, int op, u32 *events)
{
	if (!tf->ops->poll)
		return -EPERM; /* regular files, /dev/null: always ready, nothing to wait for */
	if (op == EPOLL_CTL_ADD && (*events & EPOLLWAKEUP) && !capable(CAP_BLOCK_SUSPEND))
		*events &= ~EPOLLWAKEUP; /* quietly dropped, as Linux does */
	if (ef == tf || !is_file_epoll(ef))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (*events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD && (is_file_epoll(tf) || (*events & ~EPOLLEXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	return 0;
}

static long ep_ctl_locked(struct eventpoll *ep, struct file *tf, int fd, int op, u32 events, u64 data)
{
	ASSERT_MUTEX_HELD(&ep->mtx);
	if (op == EPOLL_CTL_ADD && is_file_epoll(tf) && ep_loop_check(ep, tf->private))
		return -ELOOP;
	struct epitem *item = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD: return item ? -EEXIST : ep_insert(ep, tf, fd, events | EPOLLERR | EPOLLHUP, data);
	case EPOLL_CTL_DEL:
		if (!item)
			return -ENOENT;
		ep_remove(ep, item);
		return 0;
	case EPOLL_CTL_MOD:
		if (!item)
			return -ENOENT;
		if (item->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		return ep_modify(ep, item, events | EPOLLERR | EPOLLHUP, data);
	default: return -EINVAL;
	}
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, uaddr_t, uevent)
{
	struct epoll_event_user ev = {0};
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof(ev)))
		return -EFAULT;
	struct file *ef = fd_get_file(epfd); /* fdget: O_PATH descriptors are EBADF */
	if (!ef)
		return -EBADF;
	long ret = -EBADF;
	struct file *tf = fd_get_file(fd);
	if (!tf)
		goto out_put_ep;
	ret = ep_ctl_check(ef, tf, op, &ev.events);
	if (ret)
		goto out_put_target;
	struct eventpoll *ep = ef->private;
	mutex_lock(&epoll_mutex);
	mutex_lock(&ep->mtx);
	ret = ep_ctl_locked(ep, tf, fd, op, ev.events, ev.data);
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
out_put_target:
	file_put(tf);
out_put_ep:
	file_put(ef);
	return ret;
}

/* ---- epoll_wait ---- */

static bool ep_events_available(struct eventpoll *ep)
{
	return !list_empty(&ep->ready);
}

/* An item epoll_wait has taken off the ready list goes back (or not). [ep->mtx] */
static void ep_requeue(struct eventpoll *ep, struct epitem *item, bool front)
{
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	if (!item->ready) {
		item->ready = true;
		if (front)
			list_add(&item->ready_node, &ep->ready);
		else
			list_add_tail(&item->ready_node, &ep->ready);
	}
	spin_unlock_irqrestore(&ep->lock, irq);
}

/*
 * Reports up to max ready items (Linux ep_send_events): the ready list is
 * taken whole; each item is polled again; not ready any more: dropped;
 * level-triggered: back on the ready list (for the next call, not this
 * one); EPOLLONESHOT: disarmed. What is not reached goes back in front.
 * The number reported, or -EFAULT if the first could not be written.
 * Items on the taken list keep their ready flag, so the callback leaves
 * them alone.
 */
static long ep_send_events(struct eventpoll *ep, uaddr_t uevents, int max)
{
	long done = 0;
	struct list_head taken;
	list_init(&taken);
	mutex_lock(&ep->mtx);
	unsigned long irq = spin_lock_irqsave(&ep->lock);
	while (!list_empty(&ep->ready))
		list_move_tail(ep->ready.next, &taken);
	spin_unlock_irqrestore(&ep->lock, irq);
	while (done < max && !list_empty(&taken)) {
		struct epitem *item = list_first_entry(&taken, struct epitem, ready_node);
		irq = spin_lock_irqsave(&ep->lock);
		list_del(&item->ready_node);
		item->ready = false;
		spin_unlock_irqrestore(&ep->lock, irq);
		u32 revents = ep_item_poll(item, NULL);
		if (!revents)
			continue;
		struct epoll_event_user ev = {.events = revents, .data = item->data};
		if (copy_to_user(uaddr_add(uevents, (u64)done * sizeof(ev)), &ev, sizeof(ev))) {
			ep_requeue(ep, item, true);
			if (!done)
				done = -EFAULT;
			break;
		}
		done++;
		if (item->events & EPOLLONESHOT) {
			irq = spin_lock_irqsave(&ep->lock);
			item->events &= EP_PRIVATE_BITS;
			spin_unlock_irqrestore(&ep->lock, irq);
		} else if (!(item->events & EPOLLET)) {
			ep_requeue(ep, item, false);
		}
	}
	irq = spin_lock_irqsave(&ep->lock);
	ep_splice_front(ep, &taken);
	spin_unlock_irqrestore(&ep->lock, irq);
	mutex_unlock(&ep->mtx);
	return done;
}

/*
 * Linux ep_poll: report what is ready; otherwise sleep until an item
 * becomes ready, the deadline (~0: none, 0: do not wait) passes (0 events)
 * or a signal comes (EINTR: epoll_wait is never restarted).
 */
static long ep_poll(struct eventpoll *ep, uaddr_t uevents, int max, u64 deadline)
{
	for (;;) {
		int err = wait_event_interruptible_exclusive_timeout(&ep->wait, ep_events_available(ep), deadline);
		if (err == -ETIMEDOUT)
			return 0;
		if (err)
			return -EINTR;
		long n = ep_send_events(ep, uevents, max);
		if (n)
			return n;
		/* only stale items: wait again (until the deadline) */
	}
}

static long do_epoll_wait(int epfd, uaddr_t uevents, int max, u64 deadline)
{
	if (max <= 0 || (u64)max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(uevents, (size_t)max * sizeof(struct epoll_event_user)))
		return -EFAULT;
	struct file *f = fd_get_file(epfd);
	if (!f)
		return -EBADF;
	long ret = is_file_epoll(f) ? ep_poll(f->private, uevents, max, deadline) : -EINVAL;
	file_put(f);
	return ret;
}

/* epoll_pwait's and epoll_pwait2's end: the temporary mask stays for the
 * handler only when a signal ended the wait (Linux restore_saved_sigmask_unless). */
static long epoll_wait_with_mask(int epfd, uaddr_t uevents, int max, u64 deadline, uaddr_t umask, size_t sigsetsize)
{
	int err = signal_set_temporary_mask(umask, sigsetsize);
	if (err)
		return err;
	long ret = do_epoll_wait(epfd, uevents, max, deadline);
	signal_end_temporary_mask(ret == -EINTR);
	return ret;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, uaddr_t, uevents, int, max, int, timeout_ms, uaddr_t, umask, size_t, sigsetsize)
{
	u64 deadline = timeout_ms < 0 ? ~0UL : timeout_ms == 0 ? 0 : time_deadline_after((u64)timeout_ms * 1000000);
	return epoll_wait_with_mask(epfd, uevents, max, deadline, umask, sigsetsize);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, uaddr_t, uevents, int, max, uaddr_t, utimeout, uaddr_t, umask, size_t,
		sigsetsize)
{
	u64 deadline;
	int err = time_deadline_from_user(utimeout, &deadline);
	if (err)
		return err;
	return epoll_wait_with_mask(epfd, uevents, max, deadline, umask, sigsetsize);
}
