/*
 * signalfd.c — signalfd4(2) (Linux fs/signalfd.c): a file that reads the
 * caller's pending signals from a mask as struct signalfd_siginfo.
 *
 * Reading takes pending signals of the mask — the reading thread's own,
 * then its process's — whether or not they are blocked (they normally
 * are, so no handler runs): as many 128-byte records as fit, waiting for
 * the first (EAGAIN with SFD_NONBLOCK). poll is POLLIN while one is
 * pending for the polling thread. signalfd4 on an existing signalfd
 * replaces its mask. SIGKILL and SIGSTOP are never in a mask.
 *
 * Wake-ups: every signal sent wakes one system-wide queue (signalfd_wait)
 * with POLLIN; its pollers and readers check their own pending set again.
 * Linux keeps the queue per sighand and frees it with POLLFREE; one queue
 * that lives forever needs no such care, at the cost of a spurious
 * wake-up for signalfd users when another process is signalled.
 */
#include <syscall.h>

#include <fs.h>
#include <kmalloc.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signalfd.h>
#include <uapi/misc.h>
#include <wait.h>

struct signalfd_ctx {
	u64 mask; /* the signals it reads [atomic: signalfd4 replaces it] */
};

static struct wait_queue signalfd_wait = WAIT_QUEUE_INIT(signalfd_wait);

void signalfd_notify(void)
{
	if (!list_empty(&signalfd_wait.waiters)) /* (a racy peek: a new waiter checks after queueing) */
		wake_up_poll(&signalfd_wait, POLLIN);
}

static u64 ctx_mask(struct file *f)
{
	struct signalfd_ctx *ctx = f->private;
	return __atomic_load_n(&ctx->mask, __ATOMIC_ACQUIRE);
}

/* Linux signalfd_copyinfo: the fields by siginfo layout. */
static void signalfd_fill(struct signalfd_siginfo *ssi, int sig, const struct signal_cause *cause)
{
	memset(ssi, 0, sizeof(*ssi));
	ssi->ssi_signo = (u32)sig;
	ssi->ssi_code = cause->code;
	if (sig == SIGCHLD && cause->code > 0 && cause->code <= CLD_CONTINUED) {
		ssi->ssi_pid = (u32)cause->pid;
		ssi->ssi_uid = cause->uid;
		ssi->ssi_status = cause->status;
		ssi->ssi_utime = (u64)cause->utime;
		ssi->ssi_stime = (u64)cause->stime;
	} else if (cause->code == SI_USER || cause->code == SI_KERNEL) {
		ssi->ssi_pid = (u32)cause->pid;
		ssi->ssi_uid = cause->uid;
	} else if (cause->code < 0) { /* SIL_RT: sigqueue, tkill, timers */
		ssi->ssi_pid = (u32)cause->pid;
		ssi->ssi_uid = cause->uid;
		ssi->ssi_int = (s32)cause->value;
		ssi->ssi_ptr = cause->value;
	} else {
		ssi->ssi_addr = cause->addr;
	}
}

static ssize_t signalfd_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	size_t max = len / sizeof(struct signalfd_siginfo);
	if (max == 0)
		return -EINVAL;
	struct task *t = current();
	size_t done = 0;
	while (done < max) {
		struct signal_cause cause;
		int sig = signal_take_first(t, ctx_mask(f), &cause);
		if (!sig) {
			if (done)
				break;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_event_interruptible(&signalfd_wait, (signal_pending_set(t) & ctx_mask(f)) != 0))
				return -ERESTARTSYS;
			continue;
		}
		struct signalfd_siginfo ssi;
		signalfd_fill(&ssi, sig, &cause);
		if (iobuf_copy_out(dst, done * sizeof(ssi), &ssi, sizeof(ssi)) < 0)
			return done ? (ssize_t)(done * sizeof(ssi)) : -EFAULT;
		done++;
	}
	return (ssize_t)(done * sizeof(struct signalfd_siginfo));
}

static short signalfd_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, &signalfd_wait);
	return (signal_pending_set(current()) & ctx_mask(f)) ? POLLIN | POLLRDNORM : 0;
}

static void signalfd_release(struct file *f)
{
	kfree(f->private);
}

static const struct file_ops signalfd_ops = {
	.no_read_iter = true,
	.read = signalfd_read,
	.read_empty_asks = true,
	.poll = signalfd_poll,
	.release = signalfd_release,
	.anon_name = "[signalfd]",
};

SYSCALL_DEFINE4(signalfd4, int, ufd, uaddr_t, umask, size_t, sizemask, int, flags)
{
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (sizemask != sizeof(u64))
		return -EINVAL;
	u64 mask;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	mask &= ~SIGNALS_UNBLOCKABLE;
	if (ufd != -1) {
		struct file *f = fd_get_file(ufd); /* fdget: O_PATH is EBADF */
		if (!f)
			return -EBADF;
		long ret = -EINVAL;
		if (f->ops == &signalfd_ops) {
			__atomic_store_n(&((struct signalfd_ctx *)f->private)->mask, mask, __ATOMIC_RELEASE);
			wake_up_poll(&signalfd_wait, POLLIN); /* the new mask may match */
			ret = ufd;
		}
		file_put(f);
		return ret;
	}
	struct signalfd_ctx *ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	struct file *f = file_alloc(&signalfd_ops, ctx, 0600);
	if (!f) {
		kfree(ctx);
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	}
	f->flags = O_RDWR | (flags & O_NONBLOCK);
	return fd_install_or_put(f, flags & SFD_CLOEXEC);
}
