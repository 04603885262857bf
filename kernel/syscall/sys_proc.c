/*
 * sys_proc.c — process identity, exit, limits and the start-up calls of the
 * C libraries (set_tid_address, set_robust_list).
 */
#include <syscall.h>

#include <fs.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

SYSCALL_DEFINE1(exit, int, code)
{
	/* one thread leaves; the process ends with its last thread */
	task_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	group_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE0(getpid)
{
	return current()->group->pid;
}

SYSCALL_DEFINE0(getppid)
{
	struct thread_group *parent = current()->group->parent;
	return parent ? parent->pid : 0;
}

SYSCALL_DEFINE0(gettid)
{
	return current()->tid;
}

/* Everyone is root until credentials land (the credentials issue). */
SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

SYSCALL_DEFINE1(uname, uaddr_t, ubuf)
{
	struct utsname_user u;
	memset(&u, 0, sizeof(u));
	CHECK(strscpy(u.sysname, "Linux", sizeof(u.sysname)) > 0);
	CHECK(strscpy(u.nodename, "levitate", sizeof(u.nodename)) > 0);
	CHECK(strscpy(u.release, "6.1.0-levitate", sizeof(u.release)) > 0);
	CHECK(strscpy(u.version, "#1 SMP LevitateOS " __DATE__, sizeof(u.version)) > 0);
	CHECK(strscpy(u.machine, "aarch64", sizeof(u.machine)) > 0);
	CHECK(strscpy(u.domainname, "(none)", sizeof(u.domainname)) > 0);
	return copy_to_user(ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(set_tid_address, uaddr_t, tidptr)
{
	current()->clear_child_tid = tidptr;
	return current()->tid;
}

/* The robust-futex list head is recorded; it is walked at exit once futexes
 * exist (the threads issue). sizeof(struct robust_list_head) is 24. */
SYSCALL_DEFINE2(set_robust_list, uaddr_t, head, size_t, len)
{
	if (len != 24)
		return -EINVAL;
	current()->robust_list = head;
	current()->robust_list_len = len;
	return 0;
}

#define RLIM_NLIMITS 16
#define RLIMIT_NOFILE 7
#define NR_OPEN_SYSCTL 1048576 /* Linux fs.nr_open default */

static long do_prlimit(int resource, const struct rlimit_user *new, struct rlimit_user *old)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct thread_group *g = current()->group;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_SYSCTL)
			return -EPERM;
	}
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (old) {
		old->rlim_cur = g->rlimits[resource][0];
		old->rlim_max = g->rlimits[resource][1];
	}
	if (new) {
		g->rlimits[resource][0] = new->rlim_cur;
		g->rlimits[resource][1] = new->rlim_max;
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return 0;
}

SYSCALL_DEFINE4(prlimit64, int, pid, int, resource, uaddr_t, unew, uaddr_t, uold)
{
	if (pid != 0 && pid != current()->group->pid)
		return -ESRCH; /* other processes come with the process issue */
	struct rlimit_user new, old;
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	long ret = do_prlimit(resource, unew ? &new : NULL, uold ? &old : NULL);
	if (ret == 0 && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(getrlimit, int, resource, uaddr_t, uold)
{
	struct rlimit_user old;
	long ret = do_prlimit(resource, NULL, &old);
	if (ret == 0 && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(setrlimit, int, resource, uaddr_t, unew)
{
	struct rlimit_user new;
	if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	return do_prlimit(resource, &new, NULL);
}

/* One CPU online: the mask has bit 0. Linux returns the bytes it wrote
 * (nr_cpu_ids rounded to longs) and -EINVAL if len is too small. */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uaddr_t, umask)
{
	if (pid != 0 && pid != current()->tid && pid != current()->group->pid)
		return -ESRCH;
	if (len < sizeof(u64) || (len & (sizeof(u64) - 1)))
		return -EINVAL;
	u64 mask = 1;
	return copy_to_user(umask, &mask, sizeof(mask)) ? -EFAULT : (long)sizeof(mask);
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield();
	return 0;
}
