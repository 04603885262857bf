/*
 * sys_wait.c — wait4, waitid and pidfds (Linux kernel/exit.c, kernel/pid.c,
 * kernel/signal.c pidfd_send_signal).
 *
 * A pidfd is an anonymous file holding a reference to a struct pid: it keeps
 * naming the same process even after its number is reused, polls readable
 * once the process has exited or been reaped (Linux 6.1 pidfd_poll's
 * thread_group_exited: POLLIN only; POLLHUP came with 6.9), and can
 * be waited for (waitid P_PIDFD), signalled and asked for a copy of one of
 * the process's descriptors. Stopped and continued children are reported
 * with WSTOPPED/WUNTRACED and WCONTINUED (proc/exit.c's wait_scan).
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <pid.h>
#include <poll.h>
#include <process.h>
#include <ptrace.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/wait.h>

static struct pid *own_pgrp(void)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct pid *pgrp = current()->group->pgrp;
	pid_get(pgrp);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return pgrp;
}

/* Runs the query; a P_PID/P_PGID whose number names nothing matches nothing. */
static long run_wait(struct wait_query *q, bool pid_missing)
{
	long ret = pid_missing ? -ECHILD : process_wait(q);
	pid_put(q->pid);
	return ret;
}

/* wait4: pid > 0 that child, -1 any, 0 our process group, < -1 group -pid. */
SYSCALL_DEFINE4(wait4, int, pid, uaddr_t, ustatus, int, options, uaddr_t, urusage)
{
	if (options & ~(WNOHANG | WSTOPPED | WCONTINUED | __WNOTHREAD | __WALL | (int)__WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	struct wait_query q = {.parent = current()->group, .options = options | WEXITED};
	if (pid == -1) {
		q.which = P_ALL;
	} else {
		q.which = pid > 0 ? P_PID : P_PGID;
		q.pid = pid == 0 ? own_pgrp() : pid_get_nr(pid > 0 ? pid : -pid);
	}
	long ret = run_wait(&q, q.which != P_ALL && !q.pid);
	if (ret <= 0)
		return ret;
	if (!uaddr_is_null(ustatus) && put_user_u32(ustatus, (u32)q.status))
		return -EFAULT;
	if (!uaddr_is_null(urusage) && rusage_to_user(urusage, q.utime_ns, q.stime_ns, &q.counts))
		return -EFAULT;
	return ret;
}

/* ---- pidfds ---------------------------------------------------------------- */

static short pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct pid *pid = f->private;
	poll_wait(pt, &pid->exit_wait);
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	short mask = 0;
	if (!pid->process || pid->process->exited) /* reaped, or a zombie */
		mask = POLLIN | POLLRDNORM;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return mask;
}

static void pidfd_release(struct file *f)
{
	pid_put(f->private);
}

static const struct file_ops pidfd_ops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
};

/* The struct pid behind a pidfd (a reference) and the file's status flags,
 * or -EBADF (also for a file that is not a pidfd, as Linux pidfd_get_pid). */
long pidfd_get_pid(int fd, struct pid **out, unsigned *flags)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long err = -EBADF;
	if (f->ops == &pidfd_ops) {
		*out = f->private;
		*flags = f->flags;
		pid_get(*out);
		err = 0;
	}
	file_put(f);
	return err;
}

static long pidfd_pid(int fd, struct pid **out)
{
	unsigned flags;
	return pidfd_get_pid(fd, out, &flags);
}

SYSCALL_DEFINE2(pidfd_open, int, nr, unsigned, flags)
{
	if (flags & ~PIDFD_NONBLOCK)
		return -EINVAL;
	if (nr <= 0)
		return -EINVAL;
	struct pid *pid = pid_get_nr(nr);
	if (!pid)
		return -ESRCH;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	bool is_process = pid->process != NULL; /* a thread-group leader (or its zombie) */
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!is_process) {
		pid_put(pid);
		return -EINVAL;
	}
	int fd = pidfd_install(pid, flags);
	pid_put(pid);
	return fd;
}

int pidfd_install(struct pid *pid, unsigned flags)
{
	struct file *f = file_alloc(&pidfd_ops, pid, 0600);
	if (!f)
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	pid_get(pid);
	f->flags = O_RDWR | flags;
	return fd_install_or_put(f, true); /* pidfds are always close-on-exec */
}

static void put_siginfo_fields(struct siginfo_user *info, int found, const struct wait_query *q)
{
	memset(info, 0, sizeof(*info));
	if (found <= 0)
		return; /* WNOHANG with nothing to report: all zero, as Linux writes it */
	info->si_signo = SIGCHLD;
	info->si_code = q->cause.code;
	info->fields.chld.pid = q->cause.pid;
	info->fields.chld.uid = q->cause.uid;
	info->fields.chld.status = q->cause.status;
}

SYSCALL_DEFINE5(waitid, int, which, int, upid, uaddr_t, uinfo, int, options, uaddr_t, urusage)
{
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WALL | (int)__WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	struct wait_query q = {.parent = current()->group, .which = which, .options = options};
	long err = 0;
	bool nonblock_pidfd = false;
	switch (which) {
	case P_ALL: break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		q.pid = pid_get_nr(upid);
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		q.pid = upid ? pid_get_nr(upid) : own_pgrp();
		break;
	case P_PIDFD: {
		if (upid < 0)
			return -EINVAL;
		unsigned fflags;
		err = pidfd_get_pid(upid, &q.pid, &fflags);
		if (err)
			return err;
		q.which = P_PID;
		nonblock_pidfd = fflags & O_NONBLOCK;
		if (nonblock_pidfd)
			q.options |= WNOHANG;
		break;
	}
	default: return -EINVAL;
	}
	long found = run_wait(&q, which != P_ALL && !q.pid);
	if (found < 0)
		return found;
	if (found == 0 && nonblock_pidfd && !(options & WNOHANG))
		return -EAGAIN; /* a PIDFD_NONBLOCK pidfd does not wait (kernel/exit.c) */
	if (found == 0) {
		q.utime_ns = q.stime_ns = 0; /* nothing to report: zeros */
		q.counts = (struct rusage_counts){0};
	}
	if (!uaddr_is_null(urusage) && rusage_to_user(urusage, q.utime_ns, q.stime_ns, &q.counts))
		return -EFAULT;
	if (!uaddr_is_null(uinfo)) {
		struct siginfo_user info;
		put_siginfo_fields(&info, (int)found, &q);
		if (copy_to_user(uinfo, &info, 28)) /* Linux writes si_signo .. si_status only */
			return -EFAULT;
	}
	return 0;
}

/* pidfd_send_signal's target (Linux pidfd_to_pid): a pidfd, or a /proc/<pid>
 * directory opened by its number (or /proc/self); -EBADF otherwise. */
static long pidfd_or_proc_dir(int fd, struct pid **out)
{
	long err = pidfd_pid(fd, out);
	if (err != -EBADF)
		return err;
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	*out = procfs_dir_pid(f);
	file_put(f);
	return *out ? 0 : -EBADF;
}

SYSCALL_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, uaddr_t, uinfo, unsigned, flags)
{
	if (flags)
		return -EINVAL;
	struct pid *pid;
	long err = pidfd_or_proc_dir(pidfd, &pid);
	if (err)
		return err;
	struct signal_cause cause = {.code = SI_USER, .pid = current()->group->pid, .uid = cred_current()->uid};
	if (!uaddr_is_null(uinfo)) {
		struct siginfo_user info;
		err = copy_from_user(&info, uinfo, sizeof(info)) ? -EFAULT : 0;
		if (!err && info.si_signo != sig)
			err = -EINVAL;
		if (!err && (info.si_code >= 0 || info.si_code == SI_TKILL) && pid != current()->pid)
			err = -EPERM;
		cause.code = info.si_code;
		cause.pid = info.fields.kill.pid;
		cause.uid = info.fields.kill.uid;
		memcpy(&cause.value, &info.fields.raw[8], sizeof(cause.value));
	}
	if (!err)
		err = signal_kill_pid(pid, sig, &cause);
	pid_put(pid);
	return err;
}

/* The file at fd in process p (a reference): -ESRCH, -EPERM or -EBADF. [tasklist_lock] */
static long steal_file(struct thread_group *p, int fd, struct file **out)
{
	long err = -ESRCH;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	struct task *t = thread_group_first_thread(p);
	if (t && t->files) {
		err = -EPERM;
		if (ptrace_may_access(p, t->cred)) { /* PTRACE_MODE_ATTACH_REALCREDS */
			struct files *fs = t->files;
			unsigned long irq2 = spin_lock_irqsave(&fs->lock);
			struct file *f = fd >= 0 && fd < fs->max_fds ? fs->fds[fd] : NULL;
			if (f)
				file_get(f);
			spin_unlock_irqrestore(&fs->lock, irq2);
			*out = f;
			err = f ? 0 : -EBADF;
		}
	}
	spin_unlock_irqrestore(&p->lock, irq);
	return err;
}

SYSCALL_DEFINE3(pidfd_getfd, int, pidfd, int, targetfd, unsigned, flags)
{
	if (flags)
		return -EINVAL;
	struct pid *pid;
	long err = pidfd_pid(pidfd, &pid);
	if (err)
		return err;
	struct file *f = NULL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	err = pid->process ? steal_file(pid->process, targetfd, &f) : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	pid_put(pid);
	if (err)
		return err;
	return fd_install_or_put(f, true); /* O_CLOEXEC, as Linux */
}
