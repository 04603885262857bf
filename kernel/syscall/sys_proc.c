/*
 * sys_proc.c — process identity, exit, limits and the start-up calls of the
 * C libraries (set_tid_address, set_robust_list).
 */
#include <syscall.h>

#include <exec.h>
#include <fs.h>
#include <kmalloc.h>
#include <path.h>
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

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* wait4 (kernel/exit.c): a child's exit status, once; rusage reads as zero. */
SYSCALL_DEFINE4(wait4, int, pid, uaddr_t, ustatus, int, options, uaddr_t, urusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | (int)__WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	struct thread_group *g = current()->group;
	int status = 0, reaped;
	for (;;) {
		reaped = thread_group_reap(g, pid, &status);
		if (reaped != 0 || (options & WNOHANG))
			break;
		int err = wait_event_interruptible(&g->child_exit_wait, thread_group_reap_ready(g, pid));
		if (err)
			return err;
	}
	if (reaped <= 0)
		return reaped;
	if (ustatus && put_user_u32(ustatus, (u32)status))
		return -EFAULT;
	if (urusage) {
		u8 zero[144] = {0}; /* struct rusage */
		if (copy_to_user(urusage, zero, sizeof(zero)))
			return -EFAULT;
	}
	return reaped;
}

#define MAX_ARG_STRLEN (32 * 4096) /* Linux: one argument or variable, at most */
#define ARG_BYTES_MAX (2UL << 20)  /* our cap for argv + envp together */

/* Copies a NULL-terminated array of user strings; frees with free_strings. */
static long copy_strings(uaddr_t uarray, char ***out, int *count, size_t *bytes)
{
	size_t cap = 16;
	char **v = kmalloc(cap * sizeof(char *));
	char *scratch = kmalloc(MAX_ARG_STRLEN);
	if (!v || !scratch) {
		kfree(v);
		kfree(scratch);
		return -ENOMEM;
	}
	int n = 0;
	long err = 0;
	for (; uarray; n++) {
		u64 ptr;
		if (get_user_u64(&ptr, uarray + (u64)n * 8)) {
			err = -EFAULT;
			break;
		}
		if (!ptr)
			break;
		if ((size_t)n + 1 >= cap) {
			char **bigger = kmalloc(cap * 2 * sizeof(char *));
			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			memcpy(bigger, v, cap * sizeof(char *));
			kfree(v);
			v = bigger;
			cap *= 2;
		}
		long len = strncpy_from_user(scratch, ptr, MAX_ARG_STRLEN);
		char *str = len >= 0 ? kmalloc((size_t)len + 1) : NULL;
		if (len < 0 || !str) {
			err = len == -ENAMETOOLONG ? -E2BIG : (len < 0 ? len : -ENOMEM);
			break;
		}
		memcpy(str, scratch, (size_t)len + 1);
		*bytes += (size_t)len + 1;
		v[n] = str;
		if (*bytes > ARG_BYTES_MAX) {
			n++;
			err = -E2BIG;
			break;
		}
	}
	kfree(scratch);
	if (err) {
		for (int i = 0; i < n; i++)
			kfree(v[i]);
		kfree(v);
		return err;
	}
	v[n] = NULL;
	*out = v;
	*count = n;
	return 0;
}

static void free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		kfree(v[i]);
	kfree(v);
}

/* execve: the other threads go (Linux de_thread), then the new program. */
SYSCALL_DEFINE3(execve, uaddr_t, upath, uaddr_t, uargv, uaddr_t, uenvp)
{
	struct task *t = current();
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long ret = strncpy_from_user(path, upath, PATH_MAX);
	if (ret == 0)
		ret = -ENOENT;
	char **argv = NULL, **envp = NULL;
	int argc = 0, envc = 0;
	size_t bytes = 0;
	if (ret > 0)
		ret = copy_strings(uargv, &argv, &argc, &bytes);
	if (ret >= 0)
		ret = copy_strings(uenvp, &envp, &envc, &bytes);
	if (ret < 0)
		goto out;
	ret = exec_prepare_threads(t);
	if (!ret)
		ret = exec_load(t, path, (const char *const *)argv, argc, (const char *const *)envp, envc);
	if (!ret)
		exec_finish(t);
out:
	if (argv)
		free_strings(argv, argc);
	if (envp)
		free_strings(envp, envc);
	kfree(path);
	return ret;
}

/*
 * Process groups and sessions (kernel/sys.c), over the processes a process
 * can see (itself, its parent, its children).
 */
SYSCALL_DEFINE0(setsid)
{
	struct thread_group *g = current()->group;
	if (g->pgid == g->pid)
		return -EPERM; /* a process-group leader cannot start a session */
	g->sid = g->pgid = g->pid;
	return g->sid;
}

static struct thread_group *process_of(int pid)
{
	struct thread_group *g = current()->group;
	return pid == 0 ? g : thread_group_lookup(g, pid);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct thread_group *p = process_of(pid);
	return p ? p->sid : -ESRCH;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct thread_group *p = process_of(pid);
	return p ? p->pgid : -ESRCH;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct thread_group *g = current()->group;
	if (pgid < 0)
		return -EINVAL;
	struct thread_group *p = process_of(pid);
	if (!p || (p != g && p->parent != g))
		return -ESRCH; /* only ourselves or a child */
	if (pgid == 0)
		pgid = p->pid;
	if (p != g && p->execed)
		return -EACCES;
	if (p->sid == p->pid || p->sid != g->sid)
		return -EPERM; /* a session leader, or a child in another session */
	if (pgid != p->pid && pgid != g->pgid) {
		/* joining another group: it must exist in our session */
		struct thread_group *owner = thread_group_lookup(g, pgid);
		if (!owner || owner->pgid != pgid || owner->sid != g->sid)
			return -EPERM;
	}
	p->pgid = pgid;
	return 0;
}
