/*
 * sys_sched.c — scheduling policy calls (Linux kernel/sched/core.c,
 * syscalls.c): sched_setscheduler, sched_getscheduler, sched_setparam,
 * sched_getparam, sched_get_priority_max/min, sched_rr_get_interval,
 * sched_setattr, sched_getattr.
 *
 * Each task records its policy (SCHED_OTHER, FIFO, RR, BATCH, IDLE), its
 * real-time priority and SCHED_RESET_ON_FORK, with Linux's checks and
 * permission rules (RLIMIT_RTPRIO, RLIMIT_NICE, CAP_SYS_NICE), and fork
 * passes them on as Linux's sched_fork does. The scheduler (core/sched.c)
 * runs FIFO and RR tasks by priority before the others: sched_set_policy
 * requeues a task whose policy or priority changes.
 * SCHED_DEADLINE is refused by admission control (EBUSY: no bandwidth),
 * and utilization clamps as by a kernel without CONFIG_UCLAMP_TASK.
 */
#include <syscall.h>

#include <cred.h>
#include <pid.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/resource.h>
#include <uapi/sched.h>

#define SETPARAM_POLICY (-1) /* keep the policy (sched_setparam) */

static bool valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || policy == SCHED_DEADLINE;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/*
 * Linux __sched_setscheduler for task t with the request attr (policy
 * SETPARAM_POLICY: keep t's). [tasklist_lock]
 */
static long set_scheduler(struct task *t, const struct sched_attr_user *attr, int policy)
{
	bool reset_on_fork = t->sched_reset_on_fork;
	if (policy == SETPARAM_POLICY) {
		policy = t->sched_policy;
	} else {
		reset_on_fork = attr->sched_flags & SCHED_FLAG_RESET_ON_FORK;
		if (!valid_policy(policy))
			return -EINVAL;
	}
	if (attr->sched_flags & ~(u64)SCHED_FLAG_ALL)
		return -EINVAL;
	if (attr->sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	if (policy == SCHED_DEADLINE) {
		/* __checkparam_dl: 1024 ns <= runtime <= deadline <= period (0: deadline) */
		u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
		if (attr->sched_deadline == 0 || attr->sched_runtime < 1024 ||
		    attr->sched_runtime > attr->sched_deadline || attr->sched_deadline > period ||
		    (attr->sched_deadline | period) >> 63)
			return -EINVAL;
	} else if (rt_policy(policy) != (attr->sched_priority != 0)) {
		return -EINVAL;
	}
	if (!capable(CAP_SYS_NICE)) {
		if (!rt_policy(policy) && policy != SCHED_DEADLINE && !(attr->sched_flags & SCHED_FLAG_KEEP_PARAMS) &&
		    attr->sched_nice < t->nice && (u64)(20 - attr->sched_nice) > t->group->rlimits[RLIMIT_NICE][0])
			return -EPERM;
		if (rt_policy(policy)) {
			/* Linux: setting or changing the policy needs a nonzero
			 * RLIMIT_RTPRIO, raising the priority one that allows it */
			u64 rlim = t->group->rlimits[RLIMIT_RTPRIO][0];
			if (policy != t->sched_policy && !rlim)
				return -EPERM;
			if (attr->sched_priority > (u32)t->sched_priority && attr->sched_priority > rlim)
				return -EPERM;
		}
		/* SCHED_IDLE counts as nice 20: leaving it needs RLIMIT_NICE to
		 * allow the task's nice value (Linux can_nice) */
		if (t->sched_policy == SCHED_IDLE && policy != SCHED_IDLE &&
		    (u64)(20 - t->nice) > t->group->rlimits[RLIMIT_NICE][0])
			return -EPERM;
		if (policy == SCHED_DEADLINE)
			return -EPERM; /* Linux: dl_policy needs CAP_SYS_NICE */
		if (!cred_same_owner(t->cred))
			return -EPERM;
		if (t->sched_reset_on_fork && !reset_on_fork)
			return -EPERM;
	}
	if (policy == SCHED_DEADLINE)
		return -EBUSY; /* sched_dl_overflow: no deadline bandwidth to give */
	if (attr->sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP; /* as without CONFIG_UCLAMP_TASK */
	int priority = rt_policy(policy) ? (int)attr->sched_priority : 0;
	if (policy != t->sched_policy || priority != t->sched_priority) /* else it keeps its place */
		sched_set_policy(t, policy, priority);
	t->sched_reset_on_fork = reset_on_fork;
	if (!rt_policy(policy) && !(attr->sched_flags & SCHED_FLAG_KEEP_PARAMS))
		t->nice = attr->sched_nice;
	return 0;
}

/* Runs fn on the task pid names (0: the caller) under tasklist_lock. */
static long with_task(int pid, long (*fn)(struct task *t, void *arg), void *arg)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = task_by_pid(pid);
	long ret = t && t->group ? fn(t, arg) : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

struct setsched_request {
	int policy;
	struct sched_attr_user attr;
};

static long setsched_fn(struct task *t, void *arg)
{
	struct setsched_request *r = arg;
	return set_scheduler(t, &r->attr, r->policy);
}

/* do_sched_setscheduler: struct sched_param is one int, the priority. */
static long do_setscheduler(int pid, int policy, uaddr_t uparam)
{
	if (uaddr_is_null(uparam) || pid < 0)
		return -EINVAL;
	s32 priority;
	if (copy_from_user(&priority, uparam, sizeof(priority)))
		return -EFAULT;
	struct setsched_request r = {.policy = policy};
	r.attr.sched_priority = (u32)priority;
	if (policy != SETPARAM_POLICY) {
		if (policy & SCHED_RESET_ON_FORK)
			r.attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
		r.policy = policy & ~SCHED_RESET_ON_FORK;
	}
	r.attr.sched_flags |= SCHED_FLAG_KEEP_PARAMS; /* the old calls leave nice alone */
	return with_task(pid, setsched_fn, &r);
}

SYSCALL_DEFINE3(sched_setscheduler, int, pid, int, policy, uaddr_t, uparam)
{
	if (policy < 0)
		return -EINVAL;
	return do_setscheduler(pid, policy, uparam);
}

SYSCALL_DEFINE2(sched_setparam, int, pid, uaddr_t, uparam)
{
	return do_setscheduler(pid, SETPARAM_POLICY, uparam);
}

static long getscheduler_fn(struct task *t, void *arg)
{
	(void)arg;
	return t->sched_policy | (t->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	if (pid < 0)
		return -EINVAL;
	return with_task(pid, getscheduler_fn, NULL);
}

static long getprio_fn(struct task *t, void *arg)
{
	(void)arg;
	return t->sched_priority;
}

SYSCALL_DEFINE2(sched_getparam, int, pid, uaddr_t, uparam)
{
	if (uaddr_is_null(uparam) || pid < 0)
		return -EINVAL;
	long prio = with_task(pid, getprio_fn, NULL);
	if (prio < 0)
		return prio;
	return put_user_u32(uparam, (u32)prio) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

static long rr_interval_fn(struct task *t, void *arg)
{
	u64 *ns = arg;
	if (t->sched_policy == SCHED_RR)
		*ns = SCHED_RR_TIMESLICE_MS * 1000000ULL;
	else if (t->sched_policy == SCHED_FIFO)
		*ns = 0;
	else
		*ns = NSEC_PER_SEC / HZ; /* our scheduler's slice: one tick */
	return 0;
}

SYSCALL_DEFINE2(sched_rr_get_interval, int, pid, uaddr_t, uts)
{
	if (pid < 0)
		return -EINVAL;
	u64 ns;
	long err = with_task(pid, rr_interval_fn, &ns);
	if (err)
		return err;
	struct timespec_user ts = {.tv_sec = (s64)(ns / NSEC_PER_SEC), .tv_nsec = (s64)(ns % NSEC_PER_SEC)};
	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* Linux sched_copy_attr: sizes below VER0 or above a page are E2BIG (our
 * size written back), bytes past what we know must be zero. */
static long copy_attr(uaddr_t uattr, struct sched_attr_user *attr)
{
	u32 size;
	if (get_user_u32(&size, uattr))
		return -EFAULT;
	if (size == 0)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto too_big;
	memset(attr, 0, sizeof(*attr));
	if (copy_from_user(attr, uattr, MIN(size, sizeof(*attr))))
		return -EFAULT;
	for (u32 off = sizeof(*attr); off < size; off++) { /* copy_struct_from_user */
		u8 byte;
		if (copy_from_user(&byte, uaddr_add(uattr, off), 1))
			return -EFAULT;
		if (byte)
			goto too_big;
	}
	if ((attr->sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
		return -EINVAL;
	attr->sched_nice = attr->sched_nice < -20 ? -20 : attr->sched_nice > 19 ? 19 : attr->sched_nice;
	return 0;
too_big:
	if (put_user_u32(uattr, sizeof(*attr)))
		return -EFAULT;
	return -E2BIG;
}

SYSCALL_DEFINE3(sched_setattr, int, pid, uaddr_t, uattr, unsigned, flags)
{
	if (uaddr_is_null(uattr) || pid < 0 || flags)
		return -EINVAL;
	struct setsched_request r;
	long err = copy_attr(uattr, &r.attr);
	if (err)
		return err;
	if ((s32)r.attr.sched_policy < 0)
		return -EINVAL;
	r.policy = (r.attr.sched_flags & SCHED_FLAG_KEEP_POLICY) ? SETPARAM_POLICY : (int)r.attr.sched_policy;
	return with_task(pid, setsched_fn, &r);
}

static long getattr_fn(struct task *t, void *arg)
{
	struct sched_attr_user *a = arg;
	a->sched_policy = (u32)t->sched_policy;
	a->sched_flags = t->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
	if (rt_policy(t->sched_policy))
		a->sched_priority = (u32)t->sched_priority;
	else
		a->sched_nice = t->nice;
	return 0;
}

SYSCALL_DEFINE4(sched_getattr, int, pid, uaddr_t, uattr, unsigned, usize, unsigned, flags)
{
	if (uaddr_is_null(uattr) || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || flags)
		return -EINVAL;
	struct sched_attr_user a;
	memset(&a, 0, sizeof(a));
	long err = with_task(pid, getattr_fn, &a);
	if (err)
		return err;
	/* sched_attr_copy_to_user: as much as both sides know, size saying how much */
	u32 ksize = MIN(usize, (unsigned)sizeof(a));
	a.size = ksize;
	return copy_to_user(uattr, &a, ksize) ? -EFAULT : 0;
}
