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
 * SCHED_DEADLINE (docs/architecture.md; the class itself is in core/sched.c):
 * Linux's parameter rules (__checkparam_dl), CAP_SYS_NICE, an affinity
 * spanning every online CPU, and admission control (sched_dl_overflow):
 * the bandwidths runtime/period of all deadline tasks add up to at most
 * sched_rt_runtime_us/sched_rt_period_us of each online CPU, else EBUSY.
 * The bandwidth is given back when the task leaves the class or exits
 * (Linux waits for the task's 0-lag time; here it is at once). A deadline
 * task's SCHED_FLAG_DL_OVERRUN asks for SIGXCPU whenever its runtime runs
 * out (core/sched.c marks it, proc/timers.c sends it from the tick, as
 * Linux's check_dl_overrun). SCHED_FLAG_RECLAIM is accepted and reported
 * back by sched_getattr, but our CBS does not reclaim unused bandwidth
 * (Linux's GRUB): such a task gets exactly its own runtime each period
 * (docs/syscalls.md). Utilization clamps are refused as by a kernel
 * without CONFIG_UCLAMP_TASK (EOPNOTSUPP).
 *
 * SCHED_FLAG_KEEP_POLICY keeps the policy (SETPARAM_POLICY),
 * SCHED_FLAG_KEEP_PARAMS keeps the parameters and, as in Linux's
 * __sched_setscheduler (which then skips __setscheduler_params), the
 * policy too: the request is checked but only SCHED_RESET_ON_FORK changes.
 *
 * The limits /proc/sys/kernel/sched_rt_period_us and sched_rt_runtime_us
 * (sched_rt_set_limit) bound both this admission and real-time throttling.
 */
#include <syscall.h>

#include <cred.h>
#include <pid.h>
#include <smp.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/resource.h>
#include <uapi/sched.h>

#define SETPARAM_POLICY (-1)				      /* keep the policy (sched_setparam) */
#define DL_FLAGS (SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN) /* Linux SCHED_DL_FLAGS, kept per task */
#define DL_PERIOD_MIN_NS 100000ULL			      /* Linux sysctl_sched_dl_period_min: 100 us */
#define DL_PERIOD_MAX_NS ((1ULL << 22) * 1000ULL)	      /* sysctl_sched_dl_period_max: 2^22 us */

/* kernel.sched_rt_period_us and sched_rt_runtime_us (-1: unlimited), and the
 * sum of the admitted deadline tasks' bandwidths [tasklist_lock] */
static int rt_period_us = 1000000, rt_runtime_us = 950000;
static u64 dl_total_bw;

/* Linux to_ratio: runtime / period in units of 2^-DL_BW_SHIFT. */
static u64 to_ratio(u64 period, u64 runtime)
{
	return period ? (runtime << DL_BW_SHIFT) / period : 0;
}

/* The bandwidth one CPU gives deadline tasks (Linux dl_bw->bw), for the
 * limits period_us, runtime_us; ~0: unlimited. */
static u64 dl_cpu_bw(int period_us, int runtime_us)
{
	if (runtime_us < 0)
		return ~0ULL;
	return to_ratio((u64)period_us * 1000, (u64)runtime_us * 1000);
}

static u64 online_cpus(void)
{
	return (u64)smp_online_count();
}

static bool valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || policy == SCHED_DEADLINE;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* Linux __checkparam_dl: runtime at least 1024 ns, runtime <= deadline <=
 * period (0: the deadline), no bit 63, the period within the sysctl
 * sched_deadline_period_{min,max}_us defaults. */
static bool dl_params_valid(const struct sched_attr_user *attr)
{
	u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
	if (attr->sched_deadline == 0 || attr->sched_runtime < 1024)
		return false;
	if ((attr->sched_deadline | attr->sched_period) >> 63)
		return false;
	if (period < attr->sched_deadline || attr->sched_deadline < attr->sched_runtime)
		return false;
	return period >= DL_PERIOD_MIN_NS && period <= DL_PERIOD_MAX_NS;
}

/* Linux get_params: what sched_getattr reports, and what
 * SCHED_FLAG_KEEP_PARAMS keeps. [tasklist_lock] */
static void get_params(struct task *t, struct sched_attr_user *a)
{
	if (t->sched_policy == SCHED_DEADLINE) { /* __getparam_dl */
		a->sched_flags = (a->sched_flags & ~(u64)DL_FLAGS) | t->dl.flags;
		a->sched_priority = 0;
		a->sched_runtime = t->dl.runtime;
		a->sched_deadline = t->dl.deadline;
		a->sched_period = t->dl.period;
	} else if (rt_policy(t->sched_policy)) {
		a->sched_priority = (u32)t->sched_priority;
	} else {
		a->sched_nice = t->nice;
	}
}

/* Linux sched_dl_overflow: t's deadline bandwidth becomes what policy and
 * attr ask for if the total stays within the limit; with !commit only the
 * check (SCHED_FLAG_KEEP_PARAMS, where Linux checks but t keeps its policy
 * and so its bandwidth). [tasklist_lock] */
static bool dl_admit(struct task *t, int policy, const struct sched_attr_user *attr, bool commit)
{
	u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
	u64 new_bw = policy == SCHED_DEADLINE ? to_ratio(period, attr->sched_runtime) : 0;
	u64 cpu_bw = dl_cpu_bw(rt_period_us, rt_runtime_us);
	if (policy == SCHED_DEADLINE && cpu_bw != ~0ULL && dl_total_bw - t->dl.bw + new_bw > cpu_bw * online_cpus())
		return false; /* __dl_overflow */
	if (!commit)
		return true;
	if (!t->mm)
		new_bw = 0; /* exiting: task_exit gave its bandwidth back already (Linux's task_dead_dl comes later) */
	dl_total_bw = dl_total_bw - t->dl.bw + new_bw;
	t->dl.bw = new_bw;
	return true;
}

void sched_dl_release(struct task *t)
{
	dl_total_bw -= t->dl.bw;
	t->dl.bw = 0;
}

bool sched_dl_affinity_ok(const struct task *t, u64 mask)
{
	return t->sched_policy != SCHED_DEADLINE || rt_runtime_us < 0 || !(smp_online_mask() & ~mask);
}

void sched_rt_limits(int *period_us, int *runtime_us)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	*period_us = rt_period_us;
	*runtime_us = rt_runtime_us;
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* Linux sched_rt_handler: period > 0, runtime -1 or 0..period
 * (sched_rt_global_validate), and no less deadline bandwidth than is
 * admitted (sched_dl_global_validate: EBUSY). */
int sched_rt_set_limit(bool is_runtime, int value)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	int period_us = is_runtime ? rt_period_us : value, runtime_us = is_runtime ? value : rt_runtime_us;
	u64 cpu_bw = dl_cpu_bw(period_us, runtime_us);
	int err = 0;
	if (period_us <= 0 || runtime_us < -1 || runtime_us > period_us)
		err = -EINVAL;
	else if (cpu_bw != ~0ULL && cpu_bw * online_cpus() < dl_total_bw)
		err = -EBUSY;
	if (!err) {
		rt_period_us = period_us;
		rt_runtime_us = runtime_us;
		sched_rt_throttle_set((u64)period_us * 1000, runtime_us < 0 ? ~0ULL : (u64)runtime_us * 1000);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
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
	if ((policy == SCHED_DEADLINE && !dl_params_valid(attr)) || rt_policy(policy) != (attr->sched_priority != 0))
		return -EINVAL;
	if (!capable(CAP_SYS_NICE)) {
		if (!rt_policy(policy) && policy != SCHED_DEADLINE && attr->sched_nice < t->nice &&
		    (u64)(20 - attr->sched_nice) > t->group->rlimits[RLIMIT_NICE][0])
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
	if (attr->sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP; /* as without CONFIG_UCLAMP_TASK */
	u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
	u64 dl_flags = attr->sched_flags & DL_FLAGS;
	if (policy == SCHED_DEADLINE && t->sched_policy == SCHED_DEADLINE && t->dl.runtime == attr->sched_runtime &&
	    t->dl.deadline == attr->sched_deadline && t->dl.period == period && t->dl.flags == dl_flags) {
		t->sched_reset_on_fork = reset_on_fork; /* nothing changes (Linux dl_param_changed) */
		return 0;
	}
	if (policy == SCHED_DEADLINE && rt_runtime_us >= 0) {
		/* __sched_setscheduler: a deadline task may run on every CPU of
		 * its root domain (here: every online CPU), and there must be
		 * deadline bandwidth at all */
		if ((smp_online_mask() & ~t->cpus_allowed) || rt_runtime_us == 0)
			return -EPERM;
	}
	bool keep = attr->sched_flags & SCHED_FLAG_KEEP_PARAMS;
	if ((policy == SCHED_DEADLINE || t->sched_policy == SCHED_DEADLINE) && !dl_admit(t, policy, attr, !keep))
		return -EBUSY; /* sched_dl_overflow */
	t->sched_reset_on_fork = reset_on_fork;
	if (keep)
		return 0; /* Linux skips __setscheduler_params: policy and parameters stay */
	int priority = rt_policy(policy) ? (int)attr->sched_priority : 0;
	if (policy == SCHED_DEADLINE)
		sched_set_deadline(t, attr->sched_runtime, attr->sched_deadline, period, dl_flags);
	else if (policy != t->sched_policy || priority != t->sched_priority) /* else it keeps its place */
		sched_set_policy(t, policy, priority);
	if (!rt_policy(policy))
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
	bool keep_params; /* sched_setattr's SCHED_FLAG_KEEP_PARAMS: t's own (get_params) */
	bool keep_nice;	  /* the old calls: t's nice (Linux _sched_setscheduler) */
	struct sched_attr_user attr;
};

static long setsched_fn(struct task *t, void *arg)
{
	struct setsched_request *r = arg;
	if (r->keep_params)
		get_params(t, &r->attr);
	if (r->keep_nice)
		r->attr.sched_nice = t->nice;
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
	struct setsched_request r = {.policy = policy, .keep_nice = true};
	r.attr.sched_priority = (u32)priority;
	if (policy != SETPARAM_POLICY) {
		if (policy & SCHED_RESET_ON_FORK)
			r.attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
		r.policy = policy & ~SCHED_RESET_ON_FORK;
	}
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
	else if (t->sched_policy == SCHED_FIFO || t->sched_policy == SCHED_DEADLINE)
		*ns = 0; /* Linux: no get_rr_interval in the fifo and deadline classes */
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
	r.keep_params = r.attr.sched_flags & SCHED_FLAG_KEEP_PARAMS;
	r.keep_nice = false;
	return with_task(pid, setsched_fn, &r);
}

static long getattr_fn(struct task *t, void *arg)
{
	struct sched_attr_user *a = arg;
	a->sched_policy = (u32)t->sched_policy;
	a->sched_flags = t->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
	get_params(t, a);
	a->sched_flags &= SCHED_FLAG_ALL;
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
