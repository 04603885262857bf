/*
 * signal.c — signal state and default actions (see signal.h for the scope):
 * sending (prepare_signal's job-control rules, the shared pending set,
 * init's immunity), taking pending signals in order, stopping and
 * continuing a process, running handlers.
 *
 * Core-dumping default actions (SIGSEGV, SIGILL, ...) report the plain
 * signal in the wait status, as Linux does with RLIMIT_CORE 0 (Debian's
 * default): no 0x80 core flag.
 */
#include <signal.h>

#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <strace.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
	[SIGSYS] = "SIGSYS",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

struct sighand *sighand_create(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));
	if (!sh)
		return NULL;
	spin_lock_init(&sh->lock, "sighand");
	sh->refcount = 1;
	return sh;
}

struct sighand *sighand_dup(struct sighand *src)
{
	struct sighand *sh = sighand_create();
	if (!sh)
		return NULL;
	unsigned long irq = spin_lock_irqsave(&src->lock);
	memcpy(sh->actions, src->actions, sizeof(sh->actions));
	spin_unlock_irqrestore(&src->lock, irq);
	return sh;
}

/* execve: handlers are gone with the old program; ignored signals stay ignored. */
void sighand_reset_for_exec(struct sighand *sh)
{
	unsigned long irq = spin_lock_irqsave(&sh->lock);
	for (int i = 0; i < NSIG; i++) {
		if (sh->actions[i].handler != SIG_IGN)
			sh->actions[i].handler = SIG_DFL;
		sh->actions[i].flags = 0;
		sh->actions[i].mask = 0;
		sh->actions[i].restorer = 0;
	}
	spin_unlock_irqrestore(&sh->lock, irq);
}

void sighand_put(struct sighand *sh)
{
	if (sh && __atomic_sub_fetch(&sh->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

/*
 * Pending signals are per thread (tkill, faults, and process-directed
 * signals that a thread does not block) or per process: a process-directed
 * signal that every thread blocks waits in thread_group.shared_pending for
 * the first thread that unblocks it or waits for it (Linux's
 * signal->shared_pending).
 */
u64 signal_pending_set(struct task *t)
{
	u64 shared = t->group ? __atomic_load_n(&t->group->shared_pending, __ATOMIC_ACQUIRE) : 0;
	return __atomic_load_n(&t->pending_signals, __ATOMIC_ACQUIRE) | shared;
}

bool task_signal_pending(struct task *t)
{
	return (signal_pending_set(t) & ~t->blocked_signals) != 0 || (t->pending_signals & (1UL << (SIGKILL - 1)));
}

bool signal_take(struct task *t, int sig, struct signal_cause *cause)
{
	u64 bit = 1UL << (sig - 1);
	if (__atomic_fetch_and(&t->pending_signals, ~bit, __ATOMIC_ACQ_REL) & bit) {
		*cause = t->signal_causes[sig - 1];
		return true;
	}
	struct thread_group *g = t->group;
	if (!g)
		return false;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	bool had = __atomic_fetch_and(&g->shared_pending, ~bit, __ATOMIC_ACQ_REL) & bit;
	if (had)
		*cause = g->shared_causes[sig - 1];
	spin_unlock_irqrestore(&g->lock, irq);
	return had;
}

void signal_discard(struct task *t, int sig)
{
	u64 bit = 1UL << (sig - 1);
	__atomic_fetch_and(&t->pending_signals, ~bit, __ATOMIC_RELAXED);
	if (t->group)
		__atomic_fetch_and(&t->group->shared_pending, ~bit, __ATOMIC_RELAXED);
}

#define STOP_SIGNALS ((1UL << (SIGSTOP - 1)) | (1UL << (SIGTSTP - 1)) | (1UL << (SIGTTIN - 1)) | (1UL << (SIGTTOU - 1)))

static bool is_stop_signal(int sig)
{
	return (STOP_SIGNALS >> (sig - 1)) & 1;
}

/*
 * What sending does before the signal is queued (Linux prepare_signal):
 * SIGCONT discards pending stop signals and continues a stopped process
 * (whatever SIGCONT's disposition); a stop signal discards a pending
 * SIGCONT. The woken thread tells the parent (signal_stop).
 */
static void prepare_signal(struct thread_group *g, struct task *t, int sig)
{
	u64 drop = sig == SIGCONT ? STOP_SIGNALS : is_stop_signal(sig) ? 1UL << (SIGCONT - 1) : 0;
	if (t)
		__atomic_fetch_and(&t->pending_signals, ~drop, __ATOMIC_RELAXED);
	if (g)
		__atomic_fetch_and(&g->shared_pending, ~drop, __ATOMIC_RELAXED);
	if (sig == SIGCONT) {
		if (g && __atomic_exchange_n(&g->stopped, 0, __ATOMIC_ACQ_REL)) {
			__atomic_store_n(&g->stop_report, 0, __ATOMIC_RELEASE);
			__atomic_store_n(&g->continued_report, 1, __ATOMIC_RELEASE);
			__atomic_store_n(&g->continue_notify, 1, __ATOMIC_RELEASE);
		}
	}
}

/*
 * Init cannot be killed from user space: a signal a process sends to PID 1
 * is dropped unless init has a handler for it, SIGKILL and SIGSTOP
 * included (Linux SIGNAL_UNKILLABLE, sig_task_ignored). The kernel's own
 * signals (faults, exit_group) still reach it. A signal init blocks, or
 * waits for in rt_sigtimedwait, is kept (sig_ignored: "blocked signals are
 * never ignored"): BusyBox init takes SIGUSR2 (poweroff) that way.
 * [t's sighand lock held]
 */
static bool init_ignores(struct task *t, int sig, const struct signal_cause *cause)
{
	u64 bit = 1UL << (sig - 1);
	u64 blocked = __atomic_load_n(&t->blocked_signals, __ATOMIC_RELAXED) |
		      __atomic_load_n(&t->real_blocked_signals, __ATOMIC_RELAXED);
	return cause->code <= 0 && t->group && t->group->pid == 1 && t->sighand && !(blocked & bit) &&
	       t->sighand->actions[sig - 1].handler == SIG_DFL;
}

void signal_send_info(struct task *t, int sig, const struct signal_cause *cause)
{
	if (t->sighand) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		bool ignored = init_ignores(t, sig, cause);
		if (!ignored && !(t->pending_signals & (1UL << (sig - 1)))) /* standard signals do not queue */
			t->signal_causes[sig - 1] = *cause;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
		if (ignored)
			return;
	}
	prepare_signal(t->group, t, sig);
	__atomic_fetch_or(&t->pending_signals, 1UL << (sig - 1), __ATOMIC_RELAXED);
	sched_wake(t);
}

void signal_send_shared(struct thread_group *g, int sig, const struct signal_cause *cause)
{
	ASSERT_HELD(&g->lock);
	struct task *first = thread_group_first_thread(g);
	if (first && first->sighand) {
		unsigned long irq = spin_lock_irqsave(&first->sighand->lock);
		bool ignored = init_ignores(first, sig, cause);
		spin_unlock_irqrestore(&first->sighand->lock, irq);
		if (ignored)
			return;
	}
	prepare_signal(g, NULL, sig);
	u64 bit = 1UL << (sig - 1);
	if (!(g->shared_pending & bit)) /* standard signals do not queue */
		g->shared_causes[sig - 1] = *cause;
	__atomic_fetch_or(&g->shared_pending, bit, __ATOMIC_RELEASE);
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		sched_wake(t); /* a stopped process must see a SIGCONT */
}

void signal_send_group(struct task *t, int sig)
{
	struct signal_cause kernel_sent = {.code = 0x80 /* SI_KERNEL */, .pid = 0, .addr = 0};
	signal_send_info(t, sig, &kernel_sent);
}

/* The action for sig, or SIG_DFL when the caller has no handlers. */
static struct k_sigaction action_of(struct task *t, int sig)
{
	struct k_sigaction ka = {.handler = SIG_DFL};
	if (t->sighand) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		ka = t->sighand->actions[sig - 1];
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
	return ka;
}

/*
 * A synchronous fault the program caused (Linux force_sig_fault): it runs
 * the program's handler if there is one; if the signal is blocked or
 * ignored it cannot be, so the default action (death) is forced.
 */
static void force_fault_signal(int sig, int code, u64 addr)
{
	struct task *t = current();
	struct k_sigaction ka = action_of(t, sig);
	bool blocked = t->blocked_signals & (1UL << (sig - 1));
	if (ka.handler != SIG_DFL && ka.handler != SIG_IGN && !blocked) {
		struct signal_cause cause = {.code = code, .pid = 0, .addr = addr};
		signal_send_info(t, sig, &cause);
		return; /* delivered on the way back to user mode */
	}
	printk(KERN_INFO "levitate: %s[%d]: %s at addr %lx", t->comm, t->group->pid, signal_name(sig),
	       (unsigned long)addr);
	if (unlikely(strace_on)) {
		struct signal_cause cause = {.code = code, .pid = 0, .addr = addr};
		strace_signal_delivered(sig, &cause);
	}
	group_exit(sig);
}

static int fault_code(int sig)
{
	switch (sig) {
	case SIGILL: return ILL_ILLOPC;
	case SIGTRAP: return TRAP_BRKPT;
	case SIGFPE: return FPE_FLTINV;
	case SIGBUS: return BUS_ADRALN;
	default: return SEGV_MAPERR;
	}
}

void signal_force(int sig, struct trap_frame *f)
{
	struct task *t = current();
	t->fault_address = 0;
	t->fault_esr = 0;
	force_fault_signal(sig, fault_code(sig), f->pc);
}

void signal_force_fault(int sig, struct trap_frame *f, u64 addr)
{
	struct task *t = current();
	int code = sig == SIGSEGV ? mm_fault_code(t->mm, addr) : fault_code(sig);
	t->fault_address = addr;
	force_fault_signal(sig, code, addr);
}

void oom_kill_current(vaddr_t addr)
{
	struct task *t = current();
	printk(KERN_ERR "levitate: out of memory: killed %s[%d] (fault at %lx)", t->comm, t->group->pid,
	       (unsigned long)addr);
	signal_send_group(t, SIGKILL);
}

/* Signals whose default action is to do nothing (signal(7): "Ign"). */
static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

bool signal_handler_ignores(int sig, u64 handler)
{
	return handler == SIG_IGN || (handler == SIG_DFL && default_ignored(sig));
}

void signal_fill_info(struct siginfo_user *info, int sig, const struct signal_cause *cause)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = cause->code;
	if (sig == SIGCHLD && cause->code > 0 && cause->code <= CLD_CONTINUED) {
		info->fields.chld.pid = cause->pid;
		info->fields.chld.uid = cause->uid;
		info->fields.chld.status = cause->status;
	} else if (cause->code <= 0) { /* sent by a process: who (and rt_sigqueueinfo's value) */
		info->fields.kill.pid = cause->pid;
		info->fields.kill.uid = cause->uid;
		memcpy(&info->fields.raw[8], &cause->value, sizeof(cause->value));
	} else {
		info->fields.fault.addr = cause->addr;
	}
}

/* Runs the handler: builds its frame, then blocks sa_mask (and sig). */
void signal_run_handler(struct trap_frame *f, int sig, struct k_sigaction *ka, const struct signal_cause *cause)
{
	struct task *t = current();
	struct siginfo_user info;
	signal_fill_info(&info, sig, cause);
	/* after rt_sigsuspend, the handler returns to the mask from before it */
	u64 old_blocked = t->restore_sigmask ? t->saved_sigmask : t->blocked_signals;
	t->restore_sigmask = false;
	if (arch_signal_setup(f, sig, ka, &info, old_blocked)) {
		printk("levitate: %s[%d]: cannot build the frame for %s: killed", t->comm, t->group->pid,
		       signal_name(sig));
		group_exit(SIGSEGV); /* Linux force_sigsegv */
	}
	t->blocked_signals |= ka->mask | ((ka->flags & SA_NODEFER) ? 0 : 1UL << (sig - 1));
	t->blocked_signals &= ~SIGNALS_UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		t->sighand->actions[sig - 1].handler = SIG_DFL;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
	t->fault_esr = 0;
}

/* Wakes g's other threads (to leave a group stop). */
static void wake_other_threads(struct thread_group *g, struct task *self)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		if (t != self)
			sched_wake(t);
	spin_unlock_irqrestore(&g->lock, irq);
}

/*
 * The default action of a stop signal (Linux do_signal_stop): the first
 * thread to take it stops the process — the others are sent the same
 * signal and stop too — and its parent hears CLD_STOPPED; every thread
 * then sleeps until SIGCONT (prepare_signal clears g->stopped) or
 * SIGKILL. The thread SIGCONT woke tells the parent CLD_CONTINUED.
 */
static void signal_stop(struct task *t, int sig)
{
	struct thread_group *g = t->group;
	if (!__atomic_exchange_n(&g->stopped, 1, __ATOMIC_ACQ_REL)) {
		__atomic_store_n(&g->stop_signal, sig, __ATOMIC_RELAXED);
		__atomic_store_n(&g->continued_report, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&g->stop_report, 1, __ATOMIC_RELEASE);
		unsigned long irq = spin_lock_irqsave(&g->lock);
		struct task *other;
		list_for_each_entry(other, &g->threads, group_node)
			if (other != t)
				signal_send_group(other, sig);
		spin_unlock_irqrestore(&g->lock, irq);
		process_notify_job_change(g, CLD_STOPPED, sig);
	}
	for (;;) {
		task_set_state(TASK_INTERRUPTIBLE);
		if (!__atomic_load_n(&g->stopped, __ATOMIC_ACQUIRE) || (t->pending_signals & (1UL << (SIGKILL - 1))))
			break;
		schedule();
	}
	task_set_state(TASK_RUNNING);
	if (__atomic_exchange_n(&g->continue_notify, 0, __ATOMIC_ACQ_REL)) {
		wake_other_threads(g, t);
		process_notify_job_change(g, CLD_CONTINUED, SIGCONT);
	}
}

/*
 * Takes the pending, unblocked signals in order: ignored ones are dropped,
 * default-fatal ones end the process (no return), and the first one with a
 * handler is returned (its number; *ka and *cause filled) for the caller to
 * run. 0: nothing (more) to do. Stop signals stop the process here.
 */
int signal_dequeue(struct k_sigaction *ka, struct signal_cause *cause)
{
	struct task *t = current();
	for (;;) {
		u64 pending = signal_pending_set(t) & (~t->blocked_signals | (1UL << (SIGKILL - 1)));
		if (!pending)
			return 0;
		int sig = __builtin_ctzll(pending) + 1;
		struct signal_cause taken;
		if (!signal_take(t, sig, &taken))
			continue;			   /* another thread took the process's */
		if (unlikely(strace_on) && sig != SIGKILL) /* as strace shows it: ignored ones too */
			strace_signal_delivered(sig, &taken);
		*ka = (struct k_sigaction){.handler = SIG_DFL};
		if (sig != SIGKILL && sig != SIGSTOP)
			*ka = action_of(t, sig);
		if (signal_handler_ignores(sig, ka->handler))
			continue;
		/* init: a user signal kept while blocked does nothing by default
		 * (get_signal: SIGNAL_UNKILLABLE, not sig_kernel_only) */
		if (ka->handler == SIG_DFL && t->group && t->group->pid == 1 && taken.code <= 0 && sig != SIGKILL &&
		    sig != SIGSTOP)
			continue;
		if (ka->handler == SIG_DFL && is_stop_signal(sig) && t->group) {
			signal_stop(t, sig); /* (Linux drops TSTP/TTIN/TTOU in an orphaned process group) */
			continue;
		}
		if (sig == SIGKILL && t->killed_for_exec)
			task_exit(0); /* only this thread: another one is exec'ing */
		if (ka->handler == SIG_DFL)
			group_exit(sig);
		*cause = taken;
		return sig;
	}
}

void signal_restore_altstack(const struct stack_t_user *ss, u64 sp)
{
	struct task *t = current();
	if (arch_altstack_flags(t, sp) == 1 /* SS_ONSTACK */)
		return; /* cannot change the stack one is running on */
	if (ss->ss_flags & 2 /* SS_DISABLE */) {
		t->altstack_sp = 0;
		t->altstack_size = 0;
	} else if (ss->ss_size >= arch_min_sigstksz()) {
		t->altstack_sp = ss->ss_sp;
		t->altstack_size = ss->ss_size;
	}
}

int signal_set_temporary_mask(uaddr_t umask, size_t sigsetsize)
{
	if (!umask)
		return 0;
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	u64 mask;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	struct task *t = current();
	t->saved_sigmask = t->blocked_signals;
	t->restore_sigmask = true;
	t->blocked_signals = mask & ~SIGNALS_UNBLOCKABLE;
	return 0;
}

void signal_end_temporary_mask(bool interrupted)
{
	if (!interrupted)
		signal_restore_saved_mask();
}

void signal_restore_saved_mask(void)
{
	struct task *t = current();
	if (t->restore_sigmask) {
		t->blocked_signals = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}
