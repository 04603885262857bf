/*
 * poll.c — ppoll(2) over file poll ops and wait queues (see poll.h).
 * Semantics from Linux fs/select.c: negative fds are skipped (revents 0),
 * closed ones report POLLNVAL, POLLERR/POLLHUP are reported even when not
 * asked for, a pending signal ends the wait when nothing is ready (even a
 * zero timeout), the timeout is relative and the time left is written back
 * (poll_select_finish), and ppoll's signal mask replaces the blocked set
 * until the call returns — or, when a signal interrupted it, until that
 * signal's handler has run (signal_set_temporary_mask).
 */
#include <poll.h>

#include <fs.h>
#include <kmalloc.h>
#include <printk.h>
#include <signal.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

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

/*
 * One pass over the descriptors (Linux do_poll's loop body): the number
 * ready; if none, the registration error or, with a signal pending,
 * -ERESTARTNOHAND (EINTR if a handler runs, else restarted) — so a pending
 * signal ends even a zero-timeout poll. Registers on the first pass only.
 */
static long poll_pass(struct pollfd_user *fds, u32 nfds, struct poll_table *pt, bool *registered)
{
	long ready = 0;
	for (u32 i = 0; i < nfds; i++) {
		fds[i].revents = poll_one(&fds[i], *registered ? NULL : pt);
		ready += fds[i].revents != 0;
	}
	*registered = true;
	if (ready)
		return ready;
	return task_signal_pending(current()) ? -ERESTARTNOHAND : pt->error;
}

/* Polls until something is ready, the deadline passes or a signal comes. */
static long do_poll(struct pollfd_user *fds, u32 nfds, u64 deadline, struct poll_table *pt)
{
	bool registered = false;
	long ret = 0;
	/* each pass runs with the sleep state already set: no lost wake-up */
	(void)wait_event_interruptible_timeout(NULL, (ret = poll_pass(fds, nfds, pt, &registered)) != 0, deadline);
	poll_table_free(pt);
	return ret;
}

/* The time left until deadline back into the user's timespec; a timespec
 * that cannot be written makes an interrupted call EINTR, not restarted. */
static long write_back_timeout(uaddr_t utimeout, u64 deadline, long ret)
{
	u64 now = time_since_boot_ns(), left = deadline > now ? deadline - now : 0;
	struct timespec_user ts = {.tv_sec = (s64)(left / NSEC_PER_SEC), .tv_nsec = (s64)(left % NSEC_PER_SEC)};
	if (copy_to_user(utimeout, &ts, sizeof(ts)) && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

SYSCALL_DEFINE5(ppoll, uaddr_t, ufds, u32, nfds, uaddr_t, utimeout, uaddr_t, usigmask, size_t, sigsetsize)
{
	struct task *t = current();
	u64 deadline = ~0UL;
	if (utimeout) {
		u64 ns;
		int err = timespec_from_user(utimeout, &ns);
		if (err)
			return err;
		deadline = ns == 0 ? 0 : time_deadline_after(ns); /* 0: poll once */
	}
	int err = signal_set_temporary_mask(usigmask, sigsetsize);
	if (err)
		return err;
	struct pollfd_user *fds = NULL;
	struct poll_table pt;
	poll_table_init(&pt, t);
	long ret = -EINVAL;
	if (nfds > t->group->rlimits[7][0])
		goto out;
	ret = -ENOMEM;
	fds = kmalloc(sizeof(*fds) * (nfds ? nfds : 1));
	if (!fds)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, sizeof(*fds) * nfds))
		goto out;
	ret = do_poll(fds, nfds, deadline, &pt);
	if (ret >= 0 && copy_to_user(ufds, fds, sizeof(*fds) * nfds))
		ret = -EFAULT;
	if (utimeout && deadline != 0)
		ret = write_back_timeout(utimeout, deadline, ret);
out:
	kfree(fds);
	signal_end_temporary_mask(ret == -ERESTARTNOHAND);
	return ret;
}
