/*
 * poll.c — ppoll(2) over file poll ops and wait queues (see poll.h).
 * Semantics from Linux fs/select.c: negative fds are skipped (revents 0),
 * closed ones report POLLNVAL, POLLERR/POLLHUP are reported even when not
 * asked for, a pending signal ends the wait when nothing is ready (even a
 * zero timeout), the timeout is relative and the time left is written back
 * (poll_select_finish), and ppoll's signal mask replaces the blocked set
 * until the call returns — or, when a signal interrupted it, until that
 * signal's handler has run (signal_set_temporary_mask).
 *
 * pselect6 (core_sys_select, do_select) is the same loop over fd_set
 * bitmaps: nfds is cut to the fd table's size, a set bit naming a closed fd
 * is EBADF, readable means POLLIN_SET (with hang-up and error), writable
 * POLLOUT_SET, exceptional POLLPRI; the result sets are written back in
 * whole 64-bit words.
 */
#include <poll.h>

#include <fs.h>
#include <kmalloc.h>
#include <string.h>
#include <printk.h>
#include <signal.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/resource.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* f's mask; pw (NULL: only look) registers the poller, keyed by events. */
static short poll_file(struct file *f, struct poll_wqueues *pw, u64 events)
{
	if (!f->ops->poll)
		return DEFAULT_POLLMASK;
	if (!pw)
		return f->ops->poll(f, NULL);
	pw->pt.key = events;
	pw->file = f;
	short mask = f->ops->poll(f, &pw->pt);
	pw->file = NULL;
	return mask;
}

static short poll_one(const struct pollfd_user *p, struct poll_wqueues *pw)
{
	if (p->fd < 0)
		return 0;
	struct file *f = fd_get_file(p->fd); /* do_pollfd's fdget: O_PATH is POLLNVAL */
	if (!f)
		return POLLNVAL;
	short mask = poll_file(f, pw, (u16)(p->events | POLLERR | POLLHUP));
	file_put(f);
	return mask & (p->events | POLLERR | POLLHUP);
}

/*
 * One pass over the descriptors (Linux do_poll's loop body): the number
 * ready; if none, the registration error or, with a signal pending,
 * -ERESTARTNOHAND (EINTR if a handler runs, else restarted) — so a pending
 * signal ends even a zero-timeout poll. Registers on the first pass only.
 */
static long poll_pass(struct pollfd_user *fds, u32 nfds, struct poll_wqueues *pt, bool *registered)
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
static long do_poll(struct pollfd_user *fds, u32 nfds, u64 deadline, struct poll_wqueues *pt)
{
	bool registered = false;
	long ret = 0;
	/* each pass runs with the sleep state already set: no lost wake-up */
	(void)wait_event_interruptible_timeout(NULL, (ret = poll_pass(fds, nfds, pt, &registered)) != 0, deadline);
	poll_wqueues_free(pt);
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

/* The start of ppoll and pselect6 (Linux do_sys_poll, do_pselect): the
 * timeout as a deadline (~0: none, 0: look once), then the temporary mask. */
static int poll_select_begin(uaddr_t utimeout, uaddr_t umask, size_t sigsetsize, u64 *deadline)
{
	int err = time_deadline_from_user(utimeout, deadline);
	if (err)
		return err;
	return signal_set_temporary_mask(umask, sigsetsize);
}

#define STICKY_TIMEOUTS 0x4000000 /* include/uapi/linux/personality.h */

/* Their end (Linux poll_select_finish): the time left written back, unless
 * the process's personality has STICKY_TIMEOUTS (then the timeout is left
 * as given, and an interrupted call is EINTR, not restarted); the temporary
 * mask ended unless a signal interrupted the call. */
static long poll_select_finish(uaddr_t utimeout, u64 deadline, long ret)
{
	signal_end_temporary_mask(ret == -ERESTARTNOHAND); /* decided before the sticky EINTR, as Linux */
	bool sticky = current()->group->personality & STICKY_TIMEOUTS;
	if (!uaddr_is_null(utimeout) && sticky && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	else if (!uaddr_is_null(utimeout) && !sticky && deadline != 0)
		ret = write_back_timeout(utimeout, deadline, ret);
	return ret;
}

SYSCALL_DEFINE5(ppoll, uaddr_t, ufds, u32, nfds, uaddr_t, utimeout, uaddr_t, usigmask, size_t, sigsetsize)
{
	struct task *t = current();
	u64 deadline;
	int err = poll_select_begin(utimeout, usigmask, sigsetsize, &deadline);
	if (err)
		return err;
	struct pollfd_user *fds = NULL;
	struct poll_wqueues pt;
	poll_wqueues_init(&pt, t);
	long ret = -EINVAL;
	if (nfds > t->group->rlimits[RLIMIT_NOFILE][0])
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
out:
	kfree(fds);
	return poll_select_finish(utimeout, deadline, ret);
}

#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET POLLPRI

/* The three fd_sets asked about and the three answered, words of 64 fds. */
struct select_sets {
	size_t words;
	u64 *in, *out, *ex;
	u64 *res_in, *res_out, *res_ex;
};

/* Every fd named in a set must be open (Linux max_select_fd). */
static long select_check_fds(int n, const struct select_sets *s)
{
	for (int fd = 0; fd < n; fd++) {
		u64 bit = 1UL << (fd % 64);
		if (!((s->in[fd / 64] | s->out[fd / 64] | s->ex[fd / 64]) & bit))
			continue;
		struct file *f = fd_get(fd);
		if (!f)
			return -EBADF;
		file_put(f);
	}
	return 0;
}

/* One pass of do_select; the result as poll_pass gives it. */
static long select_pass(int n, struct select_sets *s, struct poll_wqueues *pt, bool *registered)
{
	long ready = 0;
	memset(s->res_in, 0, 3 * s->words * sizeof(u64));
	for (int fd = 0; fd < n; fd++) {
		size_t w = (size_t)fd / 64;
		u64 bit = 1UL << (fd % 64);
		if (!((s->in[w] | s->out[w] | s->ex[w]) & bit))
			continue;
		struct file *f = fd_get_file(fd); /* do_select's fdget: O_PATH is in no set */
		if (!f)
			continue; /* closed since the check: POLLNVAL, in no set */
		/* keyed by the events this fd is selected for (Linux select_poll_one) */
		u64 events = ((s->in[w] & bit) ? POLLIN_SET : 0) | ((s->out[w] & bit) ? POLLOUT_SET : 0) |
			     ((s->ex[w] & bit) ? POLLEX_SET : 0);
		short mask = poll_file(f, *registered ? NULL : pt, events);
		file_put(f);
		if ((mask & POLLIN_SET) && (s->in[w] & bit)) {
			s->res_in[w] |= bit;
			ready++;
		}
		if ((mask & POLLOUT_SET) && (s->out[w] & bit)) {
			s->res_out[w] |= bit;
			ready++;
		}
		if ((mask & POLLEX_SET) && (s->ex[w] & bit)) {
			s->res_ex[w] |= bit;
			ready++;
		}
	}
	*registered = true;
	if (ready)
		return ready;
	return task_signal_pending(current()) ? -ERESTARTNOHAND : pt->error;
}

/* core_sys_select: the sets in, the wait, the answers out. */
static long do_select(int n, uaddr_t uin, uaddr_t uout, uaddr_t uex, u64 deadline)
{
	if (n < 0)
		return -EINVAL;
	int max_fds = __atomic_load_n(&current()->files->max_fds, __ATOMIC_RELAXED);
	if (n > max_fds)
		n = max_fds;
	struct select_sets s = {.words = ((size_t)n + 63) / 64};
	size_t bytes = s.words * sizeof(u64);
	u64 *all = kzalloc(6 * bytes + 1);
	if (!all)
		return -ENOMEM;
	s.in = all;
	s.out = all + s.words;
	s.ex = all + 2 * s.words;
	s.res_in = all + 3 * s.words;
	s.res_out = all + 4 * s.words;
	s.res_ex = all + 5 * s.words;
	long ret = -EFAULT;
	if ((!uaddr_is_null(uin) && copy_from_user(s.in, uin, bytes)) ||
	    (!uaddr_is_null(uout) && copy_from_user(s.out, uout, bytes)) ||
	    (!uaddr_is_null(uex) && copy_from_user(s.ex, uex, bytes)))
		goto out;
	ret = select_check_fds(n, &s);
	if (ret)
		goto out;
	struct poll_wqueues pt;
	poll_wqueues_init(&pt, current());
	bool registered = false;
	ret = 0;
	(void)wait_event_interruptible_timeout(NULL, (ret = select_pass(n, &s, &pt, &registered)) != 0, deadline);
	poll_wqueues_free(&pt);
	if (ret >= 0 && ((!uaddr_is_null(uin) && copy_to_user(uin, s.res_in, bytes)) ||
			 (!uaddr_is_null(uout) && copy_to_user(uout, s.res_out, bytes)) ||
			 (!uaddr_is_null(uex) && copy_to_user(uex, s.res_ex, bytes))))
		ret = -EFAULT;
out:
	kfree(all);
	return ret;
}

/* pselect6's sixth argument: {const sigset_t *ss; size_t ss_len;} or NULL. */
SYSCALL_DEFINE6(pselect6, int, n, uaddr_t, uin, uaddr_t, uout, uaddr_t, uex, uaddr_t, utimeout, uaddr_t, usig)
{
	u64 argpack[2] = {0, 0};
	if (!uaddr_is_null(usig) && copy_from_user(argpack, usig, sizeof(argpack)))
		return -EFAULT;
	u64 deadline;
	int err = poll_select_begin(utimeout, uaddr_from(argpack[0]), argpack[1], &deadline);
	if (err)
		return err;
	return poll_select_finish(utimeout, deadline, do_select(n, uin, uout, uex, deadline));
}
