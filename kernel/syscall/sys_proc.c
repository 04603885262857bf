/*
 * sys_proc.c — process identity, exit, limits and the start-up calls of the
 * C libraries (set_tid_address, set_robust_list).
 */
#include <syscall.h>

#include <cred.h>
#include <exec.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <path.h>
#include <printk.h>
#include <process.h>
#include <string.h>
#include <smp.h>
#include <task.h>
#include <tty.h>
#include <uapi/resource.h>
#include <uts.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <vfs.h>

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
	return __atomic_load_n(&current()->group->ppid, __ATOMIC_RELAXED);
}

SYSCALL_DEFINE0(gettid)
{
	return current()->tid;
}

SYSCALL_DEFINE1(uname, uaddr_t, ubuf)
{
	struct utsname_user u;
	memset(&u, 0, sizeof(u));
	CHECK(strscpy(u.sysname, UTS_SYSNAME, sizeof(u.sysname)) > 0);
	uts_get(cred_current()->uts_ns, UTS_NAME_HOST, u.nodename);
	CHECK(strscpy(u.release, UTS_RELEASE, sizeof(u.release)) > 0);
	CHECK(strscpy(u.version, UTS_VERSION, sizeof(u.version)) > 0);
	CHECK(strscpy(u.machine, UTS_MACHINE, sizeof(u.machine)) > 0);
	uts_get(cred_current()->uts_ns, UTS_NAME_DOMAIN, u.domainname);
	return copy_to_user(ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* kernel/sys.c sethostname/setdomainname: CAP_SYS_ADMIN first, then the length, then the copy. */
static long set_uts_name(enum uts_name which, uaddr_t uname, int len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len < 0 || len > UTS_NAME_LEN)
		return -EINVAL;
	char name[UTS_NAME_LEN];
	if (copy_from_user(name, uname, (size_t)len))
		return -EFAULT;
	uts_set(cred_current()->uts_ns, which, name, (size_t)len);
	return 0;
}

SYSCALL_DEFINE2(sethostname, uaddr_t, uname, int, len)
{
	return set_uts_name(UTS_NAME_HOST, uname, len);
}

SYSCALL_DEFINE2(setdomainname, uaddr_t, uname, int, len)
{
	return set_uts_name(UTS_NAME_DOMAIN, uname, len);
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

/*
 * getrlimit/setrlimit/prlimit64 on process p (kernel/sys.c do_prlimit):
 * raising a hard limit needs CAP_SYS_RESOURCE.
 */
static long do_prlimit(struct thread_group *g, int resource, const struct rlimit_user *new, struct rlimit_user *old)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > (u64)files_nr_open())
			return -EPERM; /* fs.nr_open */
	}
	long err = 0;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (old) {
		old->rlim_cur = g->rlimits[resource][0];
		old->rlim_max = g->rlimits[resource][1];
	}
	if (new &&new->rlim_max > g->rlimits[resource][1] && !capable(CAP_SYS_RESOURCE))
		err = -EPERM;
	else if (new) {
		g->rlimits[resource][0] = new->rlim_cur;
		g->rlimits[resource][1] = new->rlim_max;
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return err;
}

/* kernel/sys.c check_prlimit_permission: all of the target's ids are ours. */
static bool may_prlimit(const struct cred *tc)
{
	const struct cred *c = cred_current();
	if (c->uid == tc->euid && c->uid == tc->suid && c->uid == tc->uid && c->gid == tc->egid && c->gid == tc->sgid &&
	    c->gid == tc->gid)
		return true;
	return capable(CAP_SYS_RESOURCE);
}

SYSCALL_DEFINE4(prlimit64, int, pid, int, resource, uaddr_t, unew, uaddr_t, uold)
{
	struct rlimit_user new, old;
	if (!uaddr_is_null(unew) && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	long ret;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *target = task_by_pid(pid);
	if (!target)
		ret = -ESRCH;
	else if (target->group != current()->group && !may_prlimit(target->cred))
		ret = -EPERM;
	else
		ret = do_prlimit(target->group, resource, !uaddr_is_null(unew) ? &new : NULL,
				 !uaddr_is_null(uold) ? &old : NULL);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (ret == 0 && !uaddr_is_null(uold) && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(getrlimit, int, resource, uaddr_t, uold)
{
	struct rlimit_user old;
	long ret = do_prlimit(current()->group, resource, NULL, &old);
	if (ret == 0 && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(setrlimit, int, resource, uaddr_t, unew)
{
	struct rlimit_user new;
	if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	return do_prlimit(current()->group, resource, &new, NULL);
}

/* Linux kernel/sched/core.c: the mask is the task's allowed CPUs that are
 * online, in cpumask_size() bytes (8 while at most 64 CPUs are possible);
 * the length must hold them and be a multiple of a long (-EINVAL). The
 * bytes written are returned. */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uaddr_t, umask)
{
	if (len < sizeof(u64) || (len & (sizeof(u64) - 1)))
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = task_by_pid(pid);
	u64 mask = t ? sched_get_affinity(t) : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!t)
		return -ESRCH;
	return copy_to_user(umask, &mask, sizeof(mask)) ? -EFAULT : (long)sizeof(mask);
}

/*
 * Linux get_user_cpu_mask: the first cpumask_size() bytes of the user's
 * mask (a shorter one is zero-extended); bits past the possible CPUs are
 * dropped; a mask with no online CPU is -EINVAL; one without every online
 * CPU is -EBUSY for a deadline task (dl_task_check_affinity). Another user's task needs
 * CAP_SYS_NICE (check_same_owner). The caller itself moves to an allowed
 * CPU before the call returns.
 */
SYSCALL_DEFINE3(sched_setaffinity, int, pid, size_t, len, uaddr_t, umask)
{
	u64 mask = 0;
	if (copy_from_user(&mask, umask, MIN(len, sizeof(mask))))
		return -EFAULT;
	mask &= CPU_MASK_ALL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *target = task_by_pid(pid);
	bool self = target == current();
	long err = 0;
	if (!target)
		err = -ESRCH;
	else if (!cred_same_owner(target->cred) && !capable(CAP_SYS_NICE))
		err = -EPERM;
	else if (!sched_dl_affinity_ok(target, mask))
		err = -EBUSY;
	else if (!(mask & smp_online_mask()))
		err = -EINVAL;
	else if (!self)
		sched_set_affinity(target, mask);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!err && self)
		sched_set_affinity(target, mask);
	return err;
}

/*
 * getpriority/setpriority (kernel/sys.c): nice values per thread, for one
 * thread (PRIO_PROCESS), every thread of a process group (PRIO_PGRP) or of
 * a real uid (PRIO_USER), weighed by the fair scheduler (core/sched.c).
 */
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

struct prio_request {
	void (*one)(struct task *t, struct prio_request *r); /* for each task chosen [tasklist_lock] */
	int which;
	struct pid *pgrp; /* PRIO_PGRP */
	u32 uid;	  /* PRIO_USER */
	bool set;
	int nice;    /* set: the new value */
	int ioprio;  /* ioprio_set: the new value */
	long result; /* get: the highest 20 - nice (the best I/O priority); set: 0 or the error */
};

/* set_one_prio: the owner (or CAP_SYS_NICE) may renice; lowering the
 * nice value beyond RLIMIT_NICE needs CAP_SYS_NICE. [tasklist_lock] */
static void prio_one(struct task *t, struct prio_request *r)
{
	if (!r->set) {
		r->result = MAX(r->result, (long)(20 - t->nice));
		return;
	}
	if (!cred_same_owner(t->cred) && !capable(CAP_SYS_NICE)) {
		r->result = -EPERM;
		return;
	}
	u64 nice_rlim = (u64)(20 - r->nice);
	if (r->nice < t->nice && nice_rlim > t->group->rlimits[RLIMIT_NICE][0] && !capable(CAP_SYS_NICE)) {
		r->result = -EACCES;
		return;
	}
	if (r->result == -ESRCH)
		r->result = 0;
	t->nice = r->nice;
}

static long do_priority(struct prio_request *r, int who)
{
	r->result = -ESRCH;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (r->which == PRIO_PROCESS) {
		struct task *t = task_by_pid(who);
		if (t && t->group)
			r->one(t, r);
	} else {
		r->pgrp = who ? pid_find(who) : current()->group->pgrp;
		r->uid = who ? (u32)who : cred_current()->uid;
		struct task *t;
		list_for_each_entry(t, &all_tasks, all_node) {
			if (!t->group || t->state == TASK_DEAD || !t->pid)
				continue;
			if (r->which == PRIO_PGRP ? t->group->pgrp == r->pgrp : t->cred->uid == r->uid)
				r->one(t, r);
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return r->result;
}

SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	struct prio_request r = {.one = prio_one, .which = which, .set = false};
	return do_priority(&r, who);
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, nice)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	struct prio_request r = {.one = prio_one, .which = which, .set = true, .nice = MIN(MAX(nice, -20), 19)};
	return do_priority(&r, who);
}

/*
 * ioprio_get/ioprio_set (block/ioprio.c, Linux 6.1): a thread's I/O
 * priority, class << 13 | hints << 3 | level, for one thread
 * (IOPRIO_WHO_PROCESS), a process group or a real uid, as setpriority
 * chooses them. Classes NONE (0, what a thread starts with, read back as
 * 0: Linux 6.12 no longer derives it from the nice value), RT (1,
 * CAP_SYS_NICE or CAP_SYS_ADMIN), BE (2), IDLE (3). Recorded and reported;
 * there is no block I/O for it to order.
 */
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_CLASS_NONE 0
#define IOPRIO_CLASS_RT 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_NR_LEVELS 8
#define IOPRIO_BE_NORM 4
#define IOPRIO_VALUE(class, data) (((class) << IOPRIO_CLASS_SHIFT) | (data))

/* Linux ioprio_check_cap (6.12): the level is the low 3 bits (bits 3-12
 * are hints, accepted as they are), the class bits 13-15. */
int ioprio_check(int ioprio)
{
	int class = (ioprio >> IOPRIO_CLASS_SHIFT) & 7, level = ioprio & (IOPRIO_NR_LEVELS - 1);
	switch (class) {
	case IOPRIO_CLASS_RT:
		if (!capable(CAP_SYS_NICE) && !capable(CAP_SYS_ADMIN))
			return -EPERM;
		return 0;
	case IOPRIO_CLASS_BE:
	case IOPRIO_CLASS_IDLE: return 0;
	case IOPRIO_CLASS_NONE: return level ? -EINVAL : 0;
	default: return -EINVAL;
	}
}

/* ioprio_best: the higher priority (the lower value), NONE counting as BE's
 * normal level. */
static long ioprio_best(long a, long b)
{
	if (((a >> IOPRIO_CLASS_SHIFT) & 7) == IOPRIO_CLASS_NONE)
		a = IOPRIO_VALUE(IOPRIO_CLASS_BE, IOPRIO_BE_NORM);
	if (((b >> IOPRIO_CLASS_SHIFT) & 7) == IOPRIO_CLASS_NONE)
		b = IOPRIO_VALUE(IOPRIO_CLASS_BE, IOPRIO_BE_NORM);
	return MIN(a, b);
}

/* One thread of ioprio_get (the first one's value as set, then the best of
 * them) or ioprio_set (set_task_ioprio: the target's uid must be the
 * caller's uid or euid, or CAP_SYS_NICE; the first error stops). [tasklist_lock] */
static void ioprio_one(struct task *t, struct prio_request *r)
{
	if (!r->set) {
		r->result = r->result < 0 ? t->ioprio : ioprio_best(r->result, t->ioprio);
		return;
	}
	if (r->result < 0 && r->result != -ESRCH)
		return;
	const struct cred *me = cred_current();
	if (t->cred->uid != me->uid && t->cred->uid != me->euid && !capable(CAP_SYS_NICE)) {
		r->result = -EPERM;
		return;
	}
	t->ioprio = r->ioprio;
	r->result = 0;
}

/* IOPRIO_WHO_PROCESS, _PGRP, _USER are PRIO_* + 1. */
static long do_ioprio(struct prio_request *r, int which, int who)
{
	if (which < PRIO_PROCESS + 1 || which > PRIO_USER + 1)
		return -EINVAL;
	r->one = ioprio_one;
	r->which = which - 1;
	return do_priority(r, who);
}

SYSCALL_DEFINE2(ioprio_get, int, which, int, who)
{
	struct prio_request r = {.set = false};
	return do_ioprio(&r, which, who);
}

SYSCALL_DEFINE3(ioprio_set, int, which, int, who, int, ioprio)
{
	int err = ioprio_check(ioprio);
	if (err)
		return err;
	struct prio_request r = {.set = true, .ioprio = ioprio};
	return do_ioprio(&r, which, who);
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield();
	return 0;
}

#define MAX_ARG_STRLEN (32 * 4096) /* Linux: one argument or variable, at most */
#define ARG_BYTES_MAX (2UL << 20)  /* our cap for argv + envp together */

/* Copies a NULL-terminated array of user strings; frees with free_strings. */
static long copy_strings(uaddr_t uarray, char ***out, int *count, size_t *bytes)
{
	/* the pointer array grows to 2 MiB (ARG_BYTES_MAX / 8 empty strings):
	 * kvzalloc, so a fragmented memory gives E2BIG at the limit, not ENOMEM */
	size_t cap = 16;
	char **v = kvzalloc(cap * sizeof(char *));
	char *scratch = kmalloc(MAX_ARG_STRLEN);
	if (!v || !scratch) {
		kvfree(v);
		kfree(scratch);
		return -ENOMEM;
	}
	int n = 0;
	long err = 0;
	for (; !uaddr_is_null(uarray); n++) {
		u64 ptr;
		if (get_user_u64(&ptr, uaddr_add(uarray, (u64)n * 8))) {
			err = -EFAULT;
			break;
		}
		if (!ptr)
			break;
		/* its pointer on the new stack counts too (Linux fs/exec.c
		 * bprm_stack_limits: strings and pointers within the limit) */
		*bytes += sizeof(u64);
		if (*bytes > ARG_BYTES_MAX) {
			err = -E2BIG;
			break;
		}
		if ((size_t)n + 1 >= cap) {
			char **bigger = kvzalloc(cap * 2 * sizeof(char *));
			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			memcpy(bigger, v, cap * sizeof(char *));
			kvfree(v);
			v = bigger;
			cap *= 2;
		}
		long len = strncpy_from_user(scratch, uaddr_from(ptr), MAX_ARG_STRLEN);
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
		kvfree(v);
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
	kvfree(v);
}

/* execve: the new program is loaded; only then do the other threads go
 * (exec_load's de_thread), so a failed execve leaves the process as it was. */
/*
 * execveat's file (Linux do_open_execat): path from dirfd, the last link
 * not followed with AT_SYMLINK_NOFOLLOW (ELOOP), dirfd's own file for an
 * empty path with AT_EMPTY_PATH. NULL *out: execve's way, by the name.
 */
static int open_execat(int dirfd, const char *path, int flags, struct file **out)
{
	*out = NULL;
	if (dirfd == AT_FDCWD && path[0] && !(flags & AT_SYMLINK_NOFOLLOW))
		return 0;
	if (!path[0]) {
		struct file *f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		/* a file without a name (eventfd, epoll, pipe, socket: their
		 * pseudo file systems' inodes) is never an executable regular
		 * file: do_open_execat's EACCES */
		int err = f->path.dentry ? vfs_open_path(&f->path, O_RDONLY, out) : -EACCES;
		file_put(f);
		return err;
	}
	struct file *dir;
	int err = vfs_start_dir(dirfd, path, &dir);
	if (err)
		return err;
	err = vfs_open_at(dir, path, O_RDONLY | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0), 0, out);
	if (dir)
		file_put(dir);
	return err;
}

/*
 * The name the new program is known by (AT_EXECFN, the script
 * interpreter's argument): Linux bprm->filename, "/dev/fd/N[/path]" for a
 * name relative to a descriptor.
 */
static char *exec_filename(int dirfd, char *path)
{
	if (dirfd == AT_FDCWD || path[0] == '/')
		return path;
	char *name = kmalloc(PATH_MAX + 32);
	if (name)
		snprintf(name, PATH_MAX + 32, path[0] ? "/dev/fd/%d/%s" : "/dev/fd/%d", dirfd, path);
	kfree(path);
	return name;
}

/* execve and execveat (Linux do_execveat_common). */
static long do_execveat(int dirfd, uaddr_t upath, uaddr_t uargv, uaddr_t uenvp, int flags)
{
	struct task *t = current();
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long ret = strncpy_from_user(path, upath, PATH_MAX);
	if (ret == 0 && !(flags & AT_EMPTY_PATH))
		ret = -ENOENT;
	struct file *start = NULL;
	if (ret >= 0)
		ret = open_execat(dirfd, path, flags, &start);
	char **argv = NULL, **envp = NULL;
	int argc = 0, envc = 0;
	size_t bytes = 0;
	if (ret >= 0)
		ret = copy_strings(uargv, &argv, &argc, &bytes);
	if (ret >= 0)
		ret = copy_strings(uenvp, &envp, &envc, &bytes);
	if (ret >= 0 && argc == 0) {
		/* Linux do_execveat_common (since 5.18, CVE-2021-4034): an empty
		 * argv gets "" as argv[0], so a program that starts at argv[1]
		 * does not walk into envp (copy_strings leaves room for it) */
		argv[0] = kzalloc(1);
		ret = argv[0] ? 0 : -ENOMEM;
		argc = argv[0] ? 1 : 0;
		if (argc)
			argv[1] = NULL;
	}
	/* Linux alloc_bprm: a "/dev/fd/N..." name dies with N at exec */
	bool path_inaccessible = dirfd != AT_FDCWD && path[0] != '/' && fd_get_cloexec(dirfd);
	if (ret >= 0) {
		path = exec_filename(dirfd, path);
		ret = path ? 0 : -ENOMEM;
	}
	if (ret < 0)
		goto out;
	ret = exec_load(t, path, start, path_inaccessible, (const char *const *)argv, argc, (const char *const *)envp,
			envc);
	if (!ret)
		exec_finish(t);
out:
	if (start)
		file_put(start);
	if (argv)
		free_strings(argv, argc);
	if (envp)
		free_strings(envp, envc);
	kfree(path);
	return ret;
}

SYSCALL_DEFINE3(execve, uaddr_t, upath, uaddr_t, uargv, uaddr_t, uenvp)
{
	return do_execveat(AT_FDCWD, upath, uargv, uenvp, 0);
}

SYSCALL_DEFINE5(execveat, int, dirfd, uaddr_t, upath, uaddr_t, uargv, uaddr_t, uenvp, int, flags)
{
	return do_execveat(dirfd, upath, uargv, uenvp, flags);
}

/*
 * Process groups and sessions (kernel/sys.c), across the whole system.
 */
SYSCALL_DEFINE0(setsid)
{
	struct thread_group *g = current()->group;
	long ret;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	/* a process-group leader cannot start a session, nor can anyone
	 * while a process group with its number exists */
	if (g->pgrp == g->own_pid || !list_empty(&g->own_pid->pgrp_members)) {
		ret = -EPERM;
	} else {
		thread_group_set_session(g, g->own_pid);
		thread_group_set_pgrp(g, g->own_pid);
		ret = g->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* The process pid names (0: the caller), for getsid/getpgid. [tasklist_lock] */
static struct thread_group *process_of(int pid)
{
	return pid == 0 ? current()->group : pid_find_process(pid);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *p = process_of(pid);
	long ret = p ? p->session->nr : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *p = process_of(pid);
	long ret = p ? p->pgrp->nr : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* kernel/sys.c setpgid, with its checks in its order. [tasklist_lock] */
static long set_pgid_locked(int pid, int pgid)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *g = current()->group;
	struct thread_group *p = pid_find_process(pid);
	if (!p)
		return -ESRCH;
	if (p->pid != pid)
		return -EINVAL; /* a thread other than the leader */
	if (p->parent == g) {
		if (p->session != g->session)
			return -EPERM;
		if (p->execed)
			return -EACCES;
	} else if (p != g) {
		return -ESRCH; /* only ourselves or one of our children */
	}
	if (p->session == p->own_pid)
		return -EPERM; /* a session leader */
	struct pid *target = p->own_pid;
	if (pgid != p->pid) {
		/* joining an existing group: it must be in our session */
		target = pid_find(pgid);
		struct thread_group *member =
			target ? list_first_entry_or_null(&target->pgrp_members, struct thread_group, pgrp_node) : NULL;
		if (!member || member->session != g->session)
			return -EPERM;
	}
	if (p->pgrp != target)
		thread_group_set_pgrp(p, target);
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	if (pgid < 0)
		return -EINVAL;
	if (pid == 0)
		pid = current()->group->pid;
	if (pgid == 0)
		pgid = pid;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	long ret = set_pgid_locked(pid, pgid);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/*
 * vhangup (Linux fs/open.c ksys_vhangup, tty_vhangup_self): with
 * CAP_SYS_TTY_CONFIG, hangs up the caller's controlling tty, if it has one
 * (tty_vhangup: files open on it are hung up, its session leaders get
 * SIGHUP and SIGCONT); without it, EPERM.
 */
SYSCALL_DEFINE0(vhangup)
{
	if (!capable(CAP_SYS_TTY_CONFIG))
		return -EPERM;
	tty_vhangup_current();
	return 0;
}
