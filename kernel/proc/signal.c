/*
 * signal.c — signal state and default actions (see signal.h for the scope).
 *
 * Core-dumping default actions (SIGSEGV, SIGILL, ...) report the plain
 * signal in the wait status, as Linux does with RLIMIT_CORE 0 (Debian's
 * default): no 0x80 core flag.
 */
#include <signal.h>

#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <string.h>
#include <task.h>

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

bool task_signal_pending(struct task *t)
{
	return (t->pending_signals & ~t->blocked_signals) != 0 || (t->pending_signals & (1UL << (SIGKILL - 1)));
}

static struct k_sigaction action_of(struct task *t, int sig);

/*
 * PID 1 is unkillable from user space (kernel/signal.c sig_task_ignored,
 * SIGNAL_UNKILLABLE): a signal another process sends it (SI_USER, SI_TKILL,
 * SI_QUEUE: code <= 0) is dropped if init has no handler for it, SIGKILL
 * and SIGSTOP included. What the kernel sends (faults, exit_group) counts.
 */
static bool init_ignores(struct task *t, int sig, const struct signal_cause *cause)
{
	return t->group && t->group->pid == 1 && cause->code <= 0 && action_of(t, sig).handler == SIG_DFL;
}

void signal_send_info(struct task *t, int sig, const struct signal_cause *cause)
{
	if (init_ignores(t, sig, cause))
		return;
	if (t->sighand) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		if (!(t->pending_signals & (1UL << (sig - 1)))) /* standard signals do not queue */
			t->signal_causes[sig - 1] = *cause;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
	__atomic_fetch_or(&t->pending_signals, 1UL << (sig - 1), __ATOMIC_RELAXED);
	sched_wake(t);
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
	printk("levitate: %s[%d]: %s at addr %lx", t->comm, t->group->pid, signal_name(sig), (unsigned long)addr);
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
	printk("levitate: out of memory: killed %s[%d] (fault at %lx)", t->comm, t->group->pid, (unsigned long)addr);
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

static void fill_info(struct siginfo_user *info, int sig, const struct signal_cause *cause)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = cause->code;
	if (cause->code <= 0) { /* sent by a process: who */
		info->fields.kill.pid = cause->pid;
		info->fields.kill.uid = 0;
	} else {
		info->fields.fault.addr = cause->addr;
	}
}

/* Runs the handler: builds its frame, then blocks sa_mask (and sig). */
void signal_run_handler(struct trap_frame *f, int sig, struct k_sigaction *ka, const struct signal_cause *cause)
{
	struct task *t = current();
	struct siginfo_user info;
	fill_info(&info, sig, cause);
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

/*
 * Takes the pending, unblocked signals in order: ignored ones are dropped,
 * default-fatal ones end the process (no return), and the first one with a
 * handler is returned (its number; *ka and *cause filled) for the caller to
 * run. 0: nothing (more) to do. (Stop signals stop nothing until job
 * control exists.)
 */
int signal_dequeue(struct k_sigaction *ka, struct signal_cause *cause)
{
	struct task *t = current();
	for (;;) {
		u64 pending = t->pending_signals & (~t->blocked_signals | (1UL << (SIGKILL - 1)));
		if (!pending)
			return 0;
		int sig = __builtin_ctzll(pending) + 1;
		__atomic_fetch_and(&t->pending_signals, ~(1UL << (sig - 1)), __ATOMIC_RELAXED);
		*ka = (struct k_sigaction){.handler = SIG_DFL};
		if (sig != SIGKILL && sig != SIGSTOP)
			*ka = action_of(t, sig);
		if (signal_handler_ignores(sig, ka->handler))
			continue;
		if (ka->handler == SIG_DFL && (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
			continue;
		if (sig == SIGKILL && t->killed_for_exec)
			task_exit(0); /* only this thread: another one is exec'ing */
		if (ka->handler == SIG_DFL)
			group_exit(sig);
		*cause = t->signal_causes[sig - 1];
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

void signal_restore_saved_mask(void)
{
	struct task *t = current();
	if (t->restore_sigmask) {
		t->blocked_signals = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}
