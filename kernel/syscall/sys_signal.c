/*
 * sys_signal.c — the signal system calls (kernel/signal.c semantics): the
 * state (rt_sigaction, rt_sigprocmask, sigaltstack, rt_sigpending),
 * waiting (rt_sigsuspend, rt_sigtimedwait) and sending to any process or
 * thread of the process table (kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo; pidfd_send_signal's part).
 */
#include <syscall.h>

#include <cred.h>
#include <pid.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

SYSCALL_DEFINE4(rt_sigaction, int, sig, uaddr_t, uact, uaddr_t, uold, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	struct k_sigaction act;
	if (!uaddr_is_null(uact)) {
		if (copy_from_user(&act, uact, sizeof(act)))
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		act.mask &= ~SIGNALS_UNBLOCKABLE;
	}
	struct sighand *sh = current()->sighand;
	unsigned long irq = spin_lock_irqsave(&sh->lock);
	struct k_sigaction old = sh->actions[sig - 1];
	if (!uaddr_is_null(uact))
		sh->actions[sig - 1] = act;
	spin_unlock_irqrestore(&sh->lock, irq);
	/* POSIX: making a signal ignored discards its pending instances */
	if (!uaddr_is_null(uact) && signal_handler_ignores(sig, act.handler))
		signal_discard(current(), sig);
	if (!uaddr_is_null(uold) && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uaddr_t, uset, uaddr_t, uold, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	struct task *t = current();
	u64 old = t->blocked_signals, set;
	if (!uaddr_is_null(uset)) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		set &= ~SIGNALS_UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK: t->blocked_signals |= set; break;
		case SIG_UNBLOCK: t->blocked_signals &= ~set; break;
		case SIG_SETMASK: t->blocked_signals = set; break;
		default: return -EINVAL;
		}
	}
	if (!uaddr_is_null(uold) && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, uaddr_t, uss, uaddr_t, uold)
{
	struct task *t = current();
	struct stack_t_user old = {
		.ss_sp = t->altstack_sp,
		.ss_flags = (s32)arch_altstack_flags(t, task_user_frame(t)->sp),
		.ss_size = t->altstack_size,
	};
	if (!uaddr_is_null(uss)) {
		struct stack_t_user ss;
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (old.ss_flags == SS_ONSTACK)
			return -EPERM; /* cannot change the stack one is running on */
		unsigned mode = (unsigned)ss.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->altstack_sp = 0;
			t->altstack_size = 0;
		} else {
			if (ss.ss_size < arch_min_sigstksz())
				return -ENOMEM;
			t->altstack_sp = ss.ss_sp;
			t->altstack_size = ss.ss_size;
		}
	}
	if (!uaddr_is_null(uold) && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo (kernel/signal.c)
 * across the whole process table. A process-directed signal goes to the
 * process any of its thread ids names; signal 0 only checks that the target
 * exists and may be signalled. Everything runs under tasklist_lock, which
 * keeps the targets from being freed.
 */

/* kill_ok_by_cred: one of our uids is one of the target's real or saved
 * uids, or CAP_KILL; SIGCONT within a session is always allowed. */
static bool may_signal(const struct cred *tc, struct thread_group *target, int sig)
{
	const struct cred *c = cred_current();
	if (c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid || c->uid == tc->uid)
		return true;
	if (sig == SIGCONT && target->session == current()->group->session)
		return true;
	return capable(CAP_KILL);
}

/* The cred a process is judged by: its first live thread's, or its own
 * exit uid for a zombie (NULL: judge by uid). [tasklist_lock] */
static bool may_signal_process(struct thread_group *p, int sig)
{
	if (p == current()->group)
		return true;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	struct task *t = thread_group_first_thread(p);
	struct cred zombie = {.uid = p->exit_uid, .suid = p->exit_uid};
	bool ok = may_signal(t && t->cred ? t->cred : &zombie, p, sig);
	spin_unlock_irqrestore(&p->lock, irq);
	return ok;
}

/* group_send_sig_info: 0, -EPERM, -EAGAIN (RLIMIT_SIGPENDING), or 0 for a zombie (nothing to do). [tasklist_lock] */
static long signal_process_checked(struct thread_group *p, int sig, const struct signal_cause *cause)
{
	if (!may_signal_process(p, sig))
		return -EPERM;
	/* a zombie has no thread left: Linux accepts the signal and drops it */
	long err = thread_group_signal_process(p, sig, cause);
	return err == -ESRCH ? 0 : err; /* -EAGAIN: no room to queue it */
}

static struct signal_cause sender_cause(int code)
{
	struct signal_cause cause = {.code = code, .pid = current()->group->pid, .uid = cred_current()->uid};
	return cause;
}

/* kill(-1): every process but init and the caller's (kill_something_info). */
static long signal_everyone(int sig, const struct signal_cause *cause)
{
	long ret = 0;
	int count = 0;
	struct thread_group *p;
	list_for_each_entry(p, &process_list, process_node) {
		if (p->pid <= 1 || p == current()->group || !p->own_pid) /* !own_pid: reaped */
			continue;
		long err = signal_process_checked(p, sig, cause);
		count++;
		if (err != -EPERM)
			ret = err;
	}
	return count ? ret : -ESRCH;
}

/* kill(-pgid) (__kill_pgrp_info): 0 if any member got it, else the last error. */
static long signal_pgrp(struct pid *pgrp, int sig, const struct signal_cause *cause)
{
	long ret = -ESRCH;
	bool success = false;
	struct thread_group *p;
	list_for_each_entry(p, &pgrp->pgrp_members, pgrp_node) {
		ret = signal_process_checked(p, sig, cause);
		success |= ret == 0;
	}
	return success ? 0 : ret;
}

/* The process-directed part of kill and rt_sigqueueinfo. */
static long kill_with_cause(int pid, int sig, const struct signal_cause *cause)
{
	long ret;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (pid == -1) {
		ret = signal_everyone(sig, cause);
	} else if (pid <= 0) {
		struct pid *pgrp = pid == 0 ? current()->group->pgrp : pid_find(-pid);
		ret = pgrp ? signal_pgrp(pgrp, sig, cause) : -ESRCH;
	} else {
		struct thread_group *p = pid_find_process(pid);
		ret = p ? signal_process_checked(p, sig, cause) : -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

long signal_kill_pid(struct pid *pid, int sig, const struct signal_cause *cause)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *p = pid->task && pid->task->group ? pid->task->group : pid->process;
	long ret = p ? signal_process_checked(p, sig, cause) : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH; /* -pid would overflow */
	struct signal_cause cause = sender_cause(SI_USER);
	return kill_with_cause(pid, sig, &cause);
}

/* A thread-directed signal to tid (of process tgid if tgid > 0). */
static long signal_thread(int tgid, int tid, int sig, const struct signal_cause *cause)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	long ret = -ESRCH;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid_find_task(tid);
	if (t && t->group && (tgid <= 0 || t->group->pid == tgid)) {
		if (t->group != current()->group && !may_signal(t->cred, t->group, sig))
			ret = -EPERM;
		else {
			ret = sig ? signal_send_info(t, sig, cause) : 0;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	struct signal_cause cause = sender_cause(SI_TKILL);
	return signal_thread(0, tid, sig, &cause);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	struct signal_cause cause = sender_cause(SI_TKILL);
	return signal_thread(tgid, tid, sig, &cause);
}

/*
 * The siginfo of rt_(tg)sigqueueinfo: a process may not pretend to be the
 * kernel or kill(2) (si_code >= 0) or tkill (SI_TKILL) towards another
 * process (kernel/signal.c do_rt_sigqueueinfo).
 */
static long queued_cause(uaddr_t uinfo, int sig, int target, struct signal_cause *cause)
{
	struct siginfo_user info;
	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && target != current()->tid)
		return -EPERM;
	(void)sig; /* si_signo is the call's sig, whatever the struct says */
	*cause = (struct signal_cause){.code = info.si_code, .pid = info.fields.kill.pid, .uid = info.fields.kill.uid};
	memcpy(&cause->value, &info.fields.raw[8], sizeof(cause->value));
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, tgid, int, sig, uaddr_t, uinfo)
{
	struct signal_cause cause;
	long err = queued_cause(uinfo, sig, tgid, &cause);
	if (err)
		return err;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (tgid <= 0)
		return -ESRCH; /* kill_proc_info names one process */
	return kill_with_cause(tgid, sig, &cause);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, uaddr_t, uinfo)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	struct signal_cause cause;
	long err = queued_cause(uinfo, sig, tid, &cause);
	if (err)
		return err;
	return signal_thread(tgid, tid, sig, &cause);
}

/* rt_sigpending: the pending signals that are blocked (kernel/signal.c). */
SYSCALL_DEFINE2(rt_sigpending, uaddr_t, uset, size_t, sigsetsize)
{
	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	struct task *t = current();
	u64 set = signal_pending_set(t) & t->blocked_signals;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/*
 * rt_sigsuspend: wait with a temporary mask until a signal is handled. The
 * old mask comes back after the handler (its frame records it) or, if the
 * signal ended nothing and ran no handler, on the way out (kernel/signal.c).
 */
SYSCALL_DEFINE2(rt_sigsuspend, uaddr_t, umask, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (uaddr_is_null(umask))
		return -EFAULT; /* no mask is no mask to read */
	int err = signal_set_temporary_mask(umask, sigsetsize);
	if (err)
		return err;
	/* only a signal ends it */
	(void)wait_event_interruptible_timeout(NULL, false, ~0UL);
	return -ERESTARTNOHAND; /* EINTR once the handler has run */
}

/*
 * rt_sigtimedwait: take a pending signal from `set` (normally blocked)
 * without running its handler; wait for one up to the timeout (EAGAIN).
 */
SYSCALL_DEFINE4(rt_sigtimedwait, uaddr_t, uset, uaddr_t, uinfo, uaddr_t, utimeout, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	u64 set;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~SIGNALS_UNBLOCKABLE;
	u64 deadline;
	int err = time_deadline_from_user(utimeout, &deadline);
	if (err)
		return err;
	struct task *t = current();
	/* while waiting, the awaited signals are unblocked so they wake us
	 * (Linux do_sigtimedwait: real_blocked); the wait takes them first */
	u64 saved = t->blocked_signals;
	__atomic_store_n(&t->real_blocked_signals, saved, __ATOMIC_RELAXED);
	t->blocked_signals = saved & ~set;
	long ret = 0;
	struct signal_cause taken;
	err = wait_event_interruptible_timeout(NULL, (ret = signal_take_first(t, set, &taken)) != 0, deadline);
	t->blocked_signals = saved;
	__atomic_store_n(&t->real_blocked_signals, 0, __ATOMIC_RELAXED);
	/* Linux do_sigtimedwait dequeues once more after the wait: a signal of
	 * the set sent from another CPU between the wait's test of its condition
	 * and its test for pending signals ends the wait as "interrupted", yet
	 * it is the one awaited. */
	if (!ret)
		ret = signal_take_first(t, set, &taken);
	if (!ret)
		ret = err == -ETIMEDOUT ? -EAGAIN : -EINTR; /* EINTR: another signal to act on */
	if (ret > 0 && !uaddr_is_null(uinfo)) {
		struct siginfo_user info;
		signal_fill_info(&info, (int)ret, &taken);
		if (copy_to_user(uinfo, &info, sizeof(info)))
			return -EFAULT;
	}
	return ret;
}
