/*
 * sys_signal.c — rt_sigaction, rt_sigprocmask, sigaltstack: the signal
 * state (kernel/signal.c semantics). Delivery of handlers comes with the
 * signals issue; until then a pending fatal signal ends the process.
 */
#include <syscall.h>

#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)

SYSCALL_DEFINE4(rt_sigaction, int, sig, uaddr_t, uact, uaddr_t, uold, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	struct k_sigaction act;
	if (uact) {
		if (copy_from_user(&act, uact, sizeof(act)))
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		act.mask &= ~SIGNALS_UNBLOCKABLE;
	}
	struct sighand *sh = current()->sighand;
	unsigned long irq = spin_lock_irqsave(&sh->lock);
	struct k_sigaction old = sh->actions[sig - 1];
	if (uact)
		sh->actions[sig - 1] = act;
	spin_unlock_irqrestore(&sh->lock, irq);
	/* POSIX: making a signal ignored discards its pending instances */
	if (uact && signal_handler_ignores(sig, act.handler))
		__atomic_fetch_and(&current()->pending_signals, ~(1UL << (sig - 1)), __ATOMIC_RELAXED);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uaddr_t, uset, uaddr_t, uold, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	struct task *t = current();
	u64 old = t->blocked_signals, set;
	if (uset) {
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
	if (uold && copy_to_user(uold, &old, sizeof(old)))
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
	if (uss) {
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
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * kill, tkill, tgkill. A process can name itself, its parent and its
 * children (and process groups among those) until there is a global pid
 * table; any other pid is -ESRCH, as for one that does not exist. Signal 0
 * only checks. The signal is acted on when the target returns to user mode.
 */
static long send_signal(int tid, int sig, int code)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	struct signal_cause cause = {.code = code, .pid = current()->group->pid, .addr = 0};
	return thread_group_signal(current()->group, tid, sig, &cause);
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct thread_group *g = current()->group;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	struct signal_cause cause = {.code = SI_USER, .pid = g->pid, .addr = 0};
	if (pid == -1) /* everyone but init and ourselves: those we can see are our children */
		return thread_group_signal_children(g, sig, &cause);
	if (pid <= 0)
		return thread_group_signal_pgrp(g, pid == 0 ? g->pgid : -pid, sig, &cause);
	struct thread_group *p = thread_group_lookup(g, pid);
	return p ? thread_group_signal_process(p, sig, &cause) : -ESRCH;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return send_signal(tid, sig, SI_TKILL);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	struct task *t = current();
	if (tgid != t->group->pid)
		return -ESRCH;
	return send_signal(tid, sig, SI_TKILL);
}

/* rt_sigpending: the pending signals that are blocked (kernel/signal.c). */
SYSCALL_DEFINE2(rt_sigpending, uaddr_t, uset, size_t, sigsetsize)
{
	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	struct task *t = current();
	u64 set = t->pending_signals & t->blocked_signals;
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
	if (!umask)
		return -EFAULT; /* no mask is no mask to read */
	int err = signal_set_temporary_mask(umask, sigsetsize);
	if (err)
		return err;
	/* only a signal ends it */
	(void)wait_event_interruptible_timeout(NULL, false, ~0UL);
	return -ERESTARTNOHAND; /* EINTR once the handler has run */
}

/* Takes the lowest pending signal of set: its number, or 0. */
static int take_signal(struct task *t, u64 set)
{
	u64 ready = __atomic_load_n(&t->pending_signals, __ATOMIC_RELAXED) & set;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	__atomic_fetch_and(&t->pending_signals, ~(1UL << (sig - 1)), __ATOMIC_RELAXED);
	return sig;
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
	u64 deadline = ~0UL;
	if (utimeout) {
		u64 ns;
		int err = timespec_from_user(utimeout, &ns);
		if (err)
			return err;
		deadline = time_deadline_after(ns);
	}
	struct task *t = current();
	/* while waiting, the awaited signals are unblocked so they wake us
	 * (Linux do_sigtimedwait: real_blocked); the wait takes them first */
	u64 saved = t->blocked_signals;
	t->blocked_signals = saved & ~set;
	long ret = 0;
	int err = wait_event_interruptible_timeout(NULL, (ret = take_signal(t, set)) != 0, deadline);
	t->blocked_signals = saved;
	if (err == -ETIMEDOUT)
		ret = -EAGAIN;
	else if (err)
		ret = -EINTR; /* another signal to act on */
	if (ret > 0 && uinfo) {
		struct siginfo_user info;
		memset(&info, 0, sizeof(info));
		info.si_signo = (s32)ret;
		info.si_code = t->signal_causes[ret - 1].code;
		info.fields.kill.pid = t->signal_causes[ret - 1].pid;
		if (copy_to_user(uinfo, &info, sizeof(info)))
			return -EFAULT;
	}
	return ret;
}
