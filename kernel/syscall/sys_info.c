/*
 * sys_info.c — what a process asks about itself and the machine: prctl
 * (names, dumpable, child subreaper, parent-death signal, capability
 * bounding set, no_new_privs, seccomp), sysinfo, times, getrusage, sched_setaffinity, getcpu,
 * personality (kernel/sys.c, kernel/sched/core.c semantics).
 *
 * CPU time is all accounted as system time for now (the scheduler charges
 * whole slices to the task), so user times read as zero.
 */
#include <syscall.h>

#include <cred.h>
#include <loadavg.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <process.h>
#include <seccomp.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <vfs.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/prctl.h>
#include <uapi/resource.h>
#include <uapi/sysinfo.h>

/* cap_prctl_drop: CAP_SETPCAP first (EPERM), then the number (EINVAL). */
static long capbset_drop(u64 cap)
{
	if (!capable(CAP_SETPCAP))
		return -EPERM;
	if (cap > CAP_LAST_CAP)
		return -EINVAL;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	new->cap_bset &= ~(1UL << cap);
	cred_commit(new);
	return 0;
}

/*
 * PR_SET_SECUREBITS (security/commoncap.c cap_task_prctl): a locked bit
 * cannot change, a lock cannot be undone, unknown bits and a caller without
 * CAP_SETPCAP are EPERM. Every process has the bits 0 and no lock here; no
 * bit is implemented, so setting one is refused (EINVAL, logged once) rather
 * than accepted and ignored.
 */
static long set_securebits(u64 bits)
{
	const u64 old = 0;
	if ((((old & SECURE_ALL_LOCKS) >> 1) & (old ^ bits)) || (old & SECURE_ALL_LOCKS & ~bits) ||
	    (bits & ~(u64)(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) || !capable(CAP_SETPCAP))
		return -EPERM;
	if (bits == old)
		return 0;
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_INFO "levitate: prctl(PR_SET_SECUREBITS, %#lx): securebits are not implemented (EINVAL)",
		       (unsigned long)bits);
	return -EINVAL;
}

SYSCALL_DEFINE5(prctl, int, option, u64, arg2, u64, arg3, u64, arg4, u64, arg5)
{
	struct task *t = current();
	switch (option) {
	case PR_SET_NAME: {
		char name[TASK_COMM_LEN];
		long n = strncpy_from_user(name, uaddr_from(arg2), sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0'; /* longer names are cut to 15 bytes */
		task_set_comm(t, name);
		return 0;
	}
	case PR_GET_NAME: return copy_to_user(uaddr_from(arg2), t->comm, sizeof(t->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG: /* exit.c sends it when the parent process exits */
		if (arg2 > NSIG)
			return -EINVAL; /* valid_signal */
		__atomic_store_n(&t->pdeath_signal, (int)arg2, __ATOMIC_RELAXED);
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user_u32(uaddr_from(arg2), (u32)__atomic_load_n(&t->pdeath_signal, __ATOMIC_RELAXED))
			       ? -EFAULT
			       : 0;
	case PR_GET_DUMPABLE: return t->group->dumpable;
	case PR_SET_CHILD_SUBREAPER: /* orphaned descendants come to us (exit.c) */
		__atomic_store_n(&t->group->child_subreaper, arg2 != 0, __ATOMIC_RELAXED);
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user_u32(uaddr_from(arg2), __atomic_load_n(&t->group->child_subreaper, __ATOMIC_RELAXED))
			       ? -EFAULT
			       : 0;
	case PR_CAPBSET_READ: /* security/commoncap.c cap_task_prctl */
		if (arg2 > CAP_LAST_CAP)
			return -EINVAL;
		return (cred_current()->cap_bset >> arg2) & 1;
	case PR_CAPBSET_DROP: return capbset_drop(arg2);
	case PR_GET_SECUREBITS: return 0;
	case PR_SET_SECUREBITS: return set_securebits(arg2);
	case PR_SET_TIMERSLACK: /* kernel/sys.c: 0 is the default (the creator's slack) */
		__atomic_store_n(&t->timer_slack_ns, arg2 ? arg2 : t->default_timer_slack_ns, __ATOMIC_RELAXED);
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)__atomic_load_n(&t->timer_slack_ns, __ATOMIC_RELAXED); /* ULONG_MAX at most */
	case PR_SET_DUMPABLE:
		if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER) /* SUID_DUMP_ROOT is not for users */
			return -EINVAL;
		t->group->dumpable = (int)arg2;
		return 0;
	case PR_GET_SECCOMP: return seccomp_prctl_get();
	case PR_SET_SECCOMP: return seccomp_prctl_set(arg2, uaddr_from(arg3));
	case PR_SET_NO_NEW_PRIVS: /* kernel/sys.c: set once, never cleared, inherited */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		__atomic_store_n(&t->no_new_privs, true, __ATOMIC_RELAXED);
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return __atomic_load_n(&t->no_new_privs, __ATOMIC_RELAXED);
	default: return -EINVAL;
	}
}

SYSCALL_DEFINE1(sysinfo, uaddr_t, uinfo)
{
	struct sysinfo_user si;
	memset(&si, 0, sizeof(si));
	si.uptime = (s64)(time_since_boot_ns() / NSEC_PER_SEC);
	si.totalram = page_total_count() * PAGE_SIZE;
	si.freeram = page_free_count() * PAGE_SIZE;
	si.sharedram = tmpfs_resident_pages() * PAGE_SIZE; /* mm/show_mem.c si_meminfo: NR_SHMEM */
	si.procs = (u16)task_count();			   /* Linux nr_threads: idle tasks not counted */
	loadavg_get(si.loads, 16);			   /* SI_LOAD_SHIFT */
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

#define USER_HZ 100

static u64 to_clock_t(u64 ns)
{
	return ns / (NSEC_PER_SEC / USER_HZ);
}

/* times: the process's user and system time and its reaped children's (kernel/sys.c do_sys_times). */
SYSCALL_DEFINE1(times, uaddr_t, ubuf)
{
	if (!uaddr_is_null(ubuf)) {
		struct thread_group *g = current()->group;
		u64 utime, stime;
		thread_group_cputime_adjusted(g, &utime, &stime);
		u64 tms[4] = {to_clock_t(utime), to_clock_t(stime),
			      to_clock_t(__atomic_load_n(&g->children_utime, __ATOMIC_RELAXED)),
			      to_clock_t(__atomic_load_n(&g->children_stime, __ATOMIC_RELAXED))};
		if (copy_to_user(ubuf, tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)to_clock_t(time_since_boot_ns());
}

/* getrusage: the process (all its threads), its reaped children, or the
 * thread (kernel/sys.c getrusage). ru_maxrss of the process and of the
 * thread is the process's (Linux keeps no per-thread figure): the larger of
 * what its threads' earlier address spaces had and what its own has had. */
SYSCALL_DEFINE2(getrusage, int, who, uaddr_t, uru)
{
	struct thread_group *g = current()->group;
	u64 utime, stime;
	struct rusage_counts counts;
	switch (who) {
	case RUSAGE_SELF:
		thread_group_cputime_adjusted(g, &utime, &stime);
		thread_group_counts(g, &counts);
		break;
	case RUSAGE_CHILDREN:
		utime = __atomic_load_n(&g->children_utime, __ATOMIC_RELAXED);
		stime = __atomic_load_n(&g->children_stime, __ATOMIC_RELAXED);
		children_counts(g, &counts);
		break;
	case RUSAGE_THREAD: {
		struct cputime raw;
		task_cputime_adjusted(current(), &utime, &stime);
		task_cputime(current(), &raw);
		counts = raw.counts;
		counts.maxrss = __atomic_load_n(&g->maxrss, __ATOMIC_RELAXED);
		break;
	}
	default: return -EINVAL;
	}
	if (who != RUSAGE_CHILDREN && current()->mm) {
		u64 now = mm_hiwater_rss(current()->mm);
		if (now > counts.maxrss)
			counts.maxrss = now;
	}
	return rusage_to_user(uru, utime, stime, &counts);
}

int rusage_to_user(uaddr_t uru, u64 utime_ns, u64 stime_ns, const struct rusage_counts *counts)
{
	struct rusage_user ru;
	memset(&ru, 0, sizeof(ru));
	ns_to_timeval(utime_ns, &ru.ru_utime);
	ns_to_timeval(stime_ns, &ru.ru_stime);
	ru.fields[RU_MAXRSS] = (s64)(counts->maxrss * (PAGE_SIZE / 1024)); /* pages to KiB */
	ru.fields[RU_MINFLT] = (s64)counts->min_flt;
	ru.fields[RU_NVCSW] = (s64)counts->nvcsw;
	ru.fields[RU_NIVCSW] = (s64)counts->nivcsw;
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* The CPU the caller runs on (it may move at once after), node 0: one NUMA node. */
SYSCALL_DEFINE3(getcpu, uaddr_t, ucpu, uaddr_t, unode, uaddr_t, unused)
{
	if (!uaddr_is_null(ucpu) && put_user_u32(ucpu, (u32)sched_this_cpu()))
		return -EFAULT;
	if (!uaddr_is_null(unode) && put_user_u32(unode, 0))
		return -EFAULT;
	return 0;
}

/* personality(2): stores any persona, 0xffffffff queries; exec reads ADDR_NO_RANDOMIZE
 * (fs/exec.c), poll STICKY_TIMEOUTS; other flags are kept but change nothing. */
SYSCALL_DEFINE1(personality, u32, persona)
{
	struct thread_group *g = current()->group;
	u32 old = g->personality;
	if (persona != 0xffffffffu)
		g->personality = persona;
	return old;
}
